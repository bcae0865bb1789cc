using System.Diagnostics;
using System.Text;

namespace Ingestor.Tests;

/// <summary>What a finished process printed and how it exited.</summary>
public sealed record ProcessOutput(int ExitCode, string Stdout, string Stderr);

/// <summary>
/// Runs a real program to its end with both streams read concurrently: the `ingestor` executable built beside
/// the tests (<see cref="IngestorAsync"/>) or any other tool (docker-compose, sh). A run that outlives its
/// timeout is killed with its children, so a hung command fails its test instead of the whole run.
/// </summary>
public static class ProcessRunner
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Runs <c>dotnet ingestor.dll ARGUMENTS</c>. Inherited <c>INGESTOR_*</c> variables are removed when
    /// <paramref name="isolateEnvironment"/> is set, so only what the test passes configures the run.
    /// </summary>
    public static Task<ProcessOutput> IngestorAsync(IEnumerable<string> arguments, IEnumerable<KeyValuePair<string, string?>>? environment = null,
        string? workingDirectory = null, bool isolateEnvironment = false, TimeSpan? timeout = null) =>
        RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "ingestor.dll"), .. arguments], environment, workingDirectory,
            isolateEnvironment ? key => key.StartsWith("INGESTOR_", StringComparison.Ordinal) : null, timeout);

    /// <summary>Runs <paramref name="program"/>; variables matching <paramref name="removeInherited"/> are not passed on.</summary>
    public static async Task<ProcessOutput> RunAsync(string program, IEnumerable<string> arguments,
        IEnumerable<KeyValuePair<string, string?>>? environment = null, string? workingDirectory = null,
        Func<string, bool>? removeInherited = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        if (removeInherited is not null)
        {
            foreach (var key in start.Environment.Keys.Where(removeInherited).ToList())
            {
                start.Environment.Remove(key);
            }
        }
        foreach (var (key, value) in environment ?? [])
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} did not finish within {timeout ?? DefaultTimeout}.");
        }
        return new ProcessOutput(process.ExitCode, await stdout, await stderr);
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Ingestor.Tests.Reliability;

/// <summary>The real `ingestor` executable as a child process, for crash and shutdown tests.</summary>
internal sealed class IngestorProcess : IDisposable
{
    private readonly Process _process;

    private IngestorProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;
    public int Id => _process.Id;

    public static string ExecutablePath => Path.Combine(AppContext.BaseDirectory, "ingestor.dll");

    public static IngestorProcess Start(string dataDirectory, params string[] extraArguments) =>
        Start(dataDirectory, new Dictionary<string, string>(), extraArguments);

    /// <param name="environment">Extra INGESTOR_* settings (Section__Key) for this process.</param>
    public static IngestorProcess Start(string dataDirectory, IReadOnlyDictionary<string, string> environment, params string[] extraArguments)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[ExecutablePath, "run", "--data", dataDirectory, "--config", TestFiles.ConfigDirectory, "--urls", $"http://127.0.0.1:{port}", .. extraArguments])
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["INGESTOR_Logging__LogLevel__Default"] = "Warning";
        start.Environment["INGESTOR_Inbox__SettleTime"] = "00:00:00.050";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new IngestorProcess(process, port);
    }

    /// <summary>Runs a one-shot command (normalize, tag, search…) and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunCommandAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(ExecutablePath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>SIGTERM: what `docker stop` and systemd send.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    public async Task<bool> WaitUntilListeningAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                if ((await client.GetAsync($"http://127.0.0.1:{Port}/healthz")).IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or too busy starting to answer.
            }
            await Task.Delay(100);
        }
        return false;
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
    }
}

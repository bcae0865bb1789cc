using Spectre.Console;

namespace Ingestor.Host.Cli;

/// <summary>
/// Progress for long commands: a live bar with rate and ETA on a terminal, plain periodic lines
/// (stderr) when output is redirected, so logs and CI stay readable.
/// </summary>
internal static class CliProgress
{
    public static bool IsInteractive => !Console.IsErrorRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Runs work that reports (done, total) through the callback it is given.</summary>
    public static async Task RunAsync(string description, long total, Func<Action<long>, Task> work)
    {
        if (IsInteractive)
        {
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedlessRateColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask(description, maxValue: Math.Max(1, total));
                    await work(done => task.Value = done);
                    task.Value = task.MaxValue;
                });
            return;
        }
        var started = System.Diagnostics.Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        await work(done =>
        {
            if (started.Elapsed - lastReport < TimeSpan.FromSeconds(2) && done < total)
            {
                return;
            }
            lastReport = started.Elapsed;
            var rate = done / Math.Max(0.001, started.Elapsed.TotalSeconds);
            var eta = rate > 0 && total > done ? TimeSpan.FromSeconds((total - done) / rate) : TimeSpan.Zero;
            Console.Error.WriteLine($"{description}: {done}/{total} ({rate:F0}/s, ETA {eta:hh\\:mm\\:ss})");
        });
    }

    /// <summary>Items per second, for bars that count items rather than bytes.</summary>
    private sealed class TransferSpeedlessRateColumn : ProgressColumn
    {
        public override Spectre.Console.Rendering.IRenderable Render(Spectre.Console.Rendering.RenderOptions options, ProgressTask task, TimeSpan deltaTime)
        {
            var rate = task.Speed ?? 0;
            return new Markup($"[grey]{rate:F0}/s[/]");
        }
    }
}

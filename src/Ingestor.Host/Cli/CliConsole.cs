using Spectre.Console;

namespace Ingestor.Host.Cli;

/// <summary>
/// The console tables and styled text go to: colours and styles on a terminal, plain text when stdout is
/// redirected or NO_COLOR is set, so piped output carries no escape codes.
/// </summary>
internal static class CliConsole
{
    private static readonly Lazy<IAnsiConsole> Instance = new(Create);

    public static IAnsiConsole Out => Instance.Value;

    private static IAnsiConsole Create()
    {
        var plain = Console.IsOutputRedirected || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        return plain
            ? AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.No,
                Out = new AnsiConsoleOutput(Console.Out),
            })
            : AnsiConsole.Console;
    }
}

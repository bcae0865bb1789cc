using System.CommandLine;

namespace Ingestor.Host.Cli;

/// <summary>A user-facing command failure: printed as one line on stderr, exit code 2.</summary>
internal sealed class CliException(string message) : Exception(message);

internal static class CommandExtensions
{
    /// <summary>
    /// Sets a command's action so that user errors (bad input, missing files) print one clear line
    /// on stderr with exit code 2 instead of a stack trace; Ctrl+C exits with 130.
    /// </summary>
    public static Command WithAction(this Command command, Func<ParseResult, CancellationToken, Task<int>> action)
    {
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            try
            {
                return await action(parseResult, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                CliOutput.Error("cancelled");
                return 130;
            }
            catch (Exception ex) when (ex is CliException or FileNotFoundException or DirectoryNotFoundException
                                           or UnauthorizedAccessException or FormatException or InvalidDataException
                                           or Ingestor.Index.QuerySyntaxException)
            {
                CliOutput.Error(ex.Message);
                return 2;
            }
        });
        return command;
    }
}

using System.CommandLine;

namespace Ingestor.Host.Cli;

/// <summary>Options every command understands.</summary>
internal static class CliOptions
{
    public static readonly Option<DirectoryInfo?> Data = new("--data")
    {
        Description = "Data folder (index, journal, inbox). Default: ./data, or INGESTOR_DATA.",
        Recursive = true,
    };

    public static readonly Option<DirectoryInfo?> Config = new("--config")
    {
        Description = "Configuration folder (ingestor.yaml, sources.yaml, entities/, alerts/). Default: ./config, or INGESTOR_CONFIG.",
        Recursive = true,
    };
}

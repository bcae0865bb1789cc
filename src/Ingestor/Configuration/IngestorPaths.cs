namespace Ingestor.Configuration;

/// <summary>
/// Where Ingestor keeps things. The data folder holds the index, the state database (journal,
/// seen items, stories, alert history) and the file-handling folders; the config folder holds what
/// users edit.
/// </summary>
public sealed record IngestorPaths(string DataDirectory, string ConfigDirectory)
{
    public const string DataEnvironmentVariable = "INGESTOR_DATA";
    public const string ConfigEnvironmentVariable = "INGESTOR_CONFIG";

    public string Inbox => Path.Combine(DataDirectory, "inbox");
    public string Processing => Path.Combine(DataDirectory, "processing");
    public string Processed => Path.Combine(DataDirectory, "processed");
    public string Quarantine => Path.Combine(DataDirectory, "quarantine");
    public string DeadLetter => Path.Combine(DataDirectory, "dead-letter");
    public string IndexDatabase => Path.Combine(DataDirectory, "index.db");
    public string StateDatabase => Path.Combine(DataDirectory, "ingestor.db");
    public string EntitiesDirectory => Path.Combine(ConfigDirectory, "entities");
    public string AlertsDirectory => Path.Combine(ConfigDirectory, "alerts");
    public string MainConfigFile => Path.Combine(ConfigDirectory, "ingestor.yaml");
    public string SourcesFile => Path.Combine(ConfigDirectory, "sources.yaml");

    /// <summary>
    /// Resolves the folders: an explicit option wins, then the environment, then the defaults
    /// (<c>./data</c>; <c>./config</c> when present, else the config shipped beside the executable).
    /// </summary>
    public static IngestorPaths Resolve(string? dataOption, string? configOption)
    {
        var data = FirstNonEmpty(dataOption, Environment.GetEnvironmentVariable(DataEnvironmentVariable)) ?? "data";
        var config = FirstNonEmpty(configOption, Environment.GetEnvironmentVariable(ConfigEnvironmentVariable));
        if (config is null)
        {
            var local = Path.GetFullPath("config");
            config = Directory.Exists(local) ? local : Path.Combine(AppContext.BaseDirectory, "config");
        }
        return new IngestorPaths(Path.GetFullPath(data), Path.GetFullPath(config));
    }

    private static string? FirstNonEmpty(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}

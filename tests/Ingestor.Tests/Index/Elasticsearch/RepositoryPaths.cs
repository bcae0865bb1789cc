namespace Ingestor.Tests.Index.Elasticsearch;

/// <summary>Files of the repository the tests read: found from the folder holding Ingestor.sln.</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string?> Root = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Ingestor.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName;
    });

    public static string RepositoryRoot => Root.Value ?? throw new InvalidOperationException("Ingestor.sln not found above " + AppContext.BaseDirectory);

    public static string Combine(params string[] parts) => Path.Combine([RepositoryRoot, .. parts]);

    /// <summary>The full path of a program on PATH, or null.</summary>
    public static string? FindProgram(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}

namespace Ingestor.Tests;

/// <summary>Fixtures, temp folders and the repository around the tests.</summary>
internal static class TestFiles
{
    public static string Fixture(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    public static string ReadFixture(params string[] parts) => File.ReadAllText(Fixture(parts));

    /// <summary>The repository root (the folder with Ingestor.sln).</summary>
    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Ingestor.sln")))
            {
                dir = dir.Parent;
            }
            return dir?.FullName ?? throw new InvalidOperationException("Ingestor.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>The shipped configuration folder (gazetteer, alert rules).</summary>
    public static string ConfigDirectory => Path.Combine(RepositoryRoot, "config");

    /// <summary>The shared material beside the repository, or null where it is absent.</summary>
    public static string? Shared(params string[] parts)
    {
        var path = Path.Combine([RepositoryRoot, "..", "shared", .. parts]);
        return File.Exists(path) || Directory.Exists(path) ? Path.GetFullPath(path) : null;
    }
}

/// <summary>A temporary folder deleted when disposed.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ingestor-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a process being torn down; the OS temp cleaner will get it.
        }
    }
}

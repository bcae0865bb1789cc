namespace Ingestor.Collect.DropFolder;

/// <summary>Which files in a drop folder are articles to pick up, and which are still being written.</summary>
public static class InboxFiles
{
    private static readonly string[] PartialSuffixes =
        [".tmp", ".temp", ".part", ".partial", ".crdownload", ".download", ".filepart", ".swp", ".swx", ".lock", ".error.json", "~"];

    /// <summary>True for names a writer uses while a file is incomplete, or that are not ours to take.</summary>
    public static bool IsIgnored(string fileName) =>
        fileName.Length == 0 || fileName[0] is '.' or '~' ||
        PartialSuffixes.Any(s => fileName.EndsWith(s, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// A destination path in <paramref name="folder"/> that does not exist yet: the name itself, else
    /// the name with a counter, so nothing is overwritten.
    /// </summary>
    public static string UniquePath(string folder, string fileName)
    {
        var candidate = Path.Combine(folder, fileName);
        if (!File.Exists(candidate) && !File.Exists(candidate + ".error.json"))
        {
            return candidate;
        }
        var stem = Path.GetFileNameWithoutExtension(fileName);
        var extension = Path.GetExtension(fileName);
        for (var i = 1; ; i++)
        {
            candidate = Path.Combine(folder, $"{stem}~{i}{extension}");
            if (!File.Exists(candidate) && !File.Exists(candidate + ".error.json"))
            {
                return candidate;
            }
        }
    }

    /// <summary>Whether a path lies inside a folder, after resolving links.</summary>
    public static bool IsInside(string path, string folder)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return full.StartsWith(root, StringComparison.Ordinal);
    }
}

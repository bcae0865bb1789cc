using System.ComponentModel.DataAnnotations;

namespace Ingestor.Collect.DropFolder;

/// <summary>Configuration section <c>Inbox</c>: the drop folders and how files in them are handled.</summary>
public sealed class DropFolderOptions
{
    public const string Section = "Inbox";

    /// <summary>Folders to watch; relative paths are under the data folder. Default: one folder, "inbox".</summary>
    public List<InboxFolder> Folders { get; set; } = [];

    /// <summary>How often every folder is rescanned (a watcher alone misses events).</summary>
    public TimeSpan RescanInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A file is claimed once its size and time have not changed for this long.</summary>
    public TimeSpan SettleTime { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Files larger than this are quarantined unread.</summary>
    [Range(1, long.MaxValue)]
    public long MaxFileBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Delete files once ingested instead of moving them to processed/.</summary>
    public bool DeleteProcessed { get; set; }

    /// <summary>Files handled at once.</summary>
    [Range(1, 256)]
    public int MaxConcurrentFiles { get; set; } = 16;
}

public sealed class InboxFolder
{
    [Required]
    public string Path { get; set; } = "inbox";

    /// <summary>Source name given to articles from this folder (when the file does not state one).</summary>
    public string Source { get; set; } = "inbox";
}

using Microsoft.Extensions.Options;

namespace Ingestor.Index.Sqlite;

/// <summary>Settings of the SQLite FTS5 engine, bound from the <c>Index:Sqlite</c> configuration section.</summary>
public sealed class SqliteIndexOptions
{
    public const string SectionName = "Index:Sqlite";

    /// <summary>The database file. Default: <c>data/index.db</c> under the working directory (the host points it into its data folder).</summary>
    public string Path { get; set; } = System.IO.Path.Combine("data", "index.db");

    /// <summary>Connections kept for concurrent searches (writes use one connection of their own).</summary>
    public int ReaderConnections { get; set; } = 4;

    /// <summary>How long a statement waits for a lock held by another connection or process.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Relevance uses exact FTS5 bm25 when a query matches at most this many articles; above it, hits are
    /// ordered by whether the title matches, then newest (bm25 over hundreds of thousands of rows is too slow).
    /// </summary>
    public int ExactRankLimit { get; set; } = 5_000;

    /// <summary>bm25 weight of the title relative to the body (1).</summary>
    public double TitleWeight { get; set; } = 8.0;

    /// <summary>SQLite page cache per connection, in KiB.</summary>
    public int CacheKib { get; set; } = 8192;
}

/// <summary>Reports every invalid setting at once, naming its configuration key.</summary>
public sealed class SqliteIndexOptionsValidator : IValidateOptions<SqliteIndexOptions>
{
    public ValidateOptionsResult Validate(string? name, SqliteIndexOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        const string prefix = SqliteIndexOptions.SectionName + ":";
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            failures.Add($"{prefix}Path must name the index database file.");
        }
        else if (options.Path.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0)
        {
            failures.Add($"{prefix}Path contains characters that are not valid in a path.");
        }
        else if (Directory.Exists(options.Path))
        {
            failures.Add($"{prefix}Path '{options.Path}' is a folder; give a file name such as '{System.IO.Path.Combine(options.Path, "index.db")}'.");
        }
        if (options.ReaderConnections is < 1 or > 64)
        {
            failures.Add($"{prefix}ReaderConnections must be between 1 and 64 (was {options.ReaderConnections}).");
        }
        if (options.BusyTimeout <= TimeSpan.Zero || options.BusyTimeout > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{prefix}BusyTimeout must be positive and at most 10 minutes (was {options.BusyTimeout}).");
        }
        if (options.ExactRankLimit < 0)
        {
            failures.Add($"{prefix}ExactRankLimit must not be negative (was {options.ExactRankLimit}).");
        }
        if (!double.IsFinite(options.TitleWeight) || options.TitleWeight is < 0.1 or > 100)
        {
            failures.Add($"{prefix}TitleWeight must be between 0.1 and 100 (was {options.TitleWeight}).");
        }
        if (options.CacheKib is < 256 or > 1_048_576)
        {
            failures.Add($"{prefix}CacheKib must be between 256 and 1048576 (was {options.CacheKib}).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

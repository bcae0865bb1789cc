using Microsoft.Extensions.Options;

namespace Ingestor.Enrich.Stories;

/// <summary>Configuration section <c>Stories</c>: how articles are grouped into stories as they arrive.</summary>
public sealed class StoryOptions
{
    public const string Section = "Stories";

    public bool Enabled { get; set; } = true;

    /// <summary>An article joins a story only if the story had an article this recently (by published time).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Least combined similarity (content and entities, 0..1) for an article to join a story.</summary>
    public double Threshold { get; set; } = 0.2;

    /// <summary>
    /// Share of the similarity that comes from shared canonical entities (when both sides name some);
    /// the rest is the TF-IDF cosine of the article and the story's centroid.
    /// </summary>
    public double EntityWeight { get; set; } = 0.4;

    /// <summary>Least content similarity (TF-IDF cosine) to join, whatever the entities say.</summary>
    public double MinContentSimilarity { get; set; } = 0.15;

    /// <summary>
    /// Entities (or capitalized names) an article must share with a story's leading ones to join it,
    /// unless its content is nearly the same (at most as many as either side names).
    /// </summary>
    public int MinSharedEntities { get; set; } = 2;

    /// <summary>Most stories kept in memory as candidates; the least recently updated go first.</summary>
    public int MaxActive { get; set; } = 50_000;
}

/// <summary>Checks the story settings, naming each bad key.</summary>
public sealed class StoryOptionsValidator : IValidateOptions<StoryOptions>
{
    public ValidateOptionsResult Validate(string? name, StoryOptions options)
    {
        var failures = new List<string>();
        if (options.Window < TimeSpan.FromMinutes(1))
        {
            failures.Add($"Stories:Window must be at least one minute (was {options.Window}).");
        }
        if (options.Threshold is <= 0 or > 1 || double.IsNaN(options.Threshold))
        {
            failures.Add($"Stories:Threshold must be above 0 and at most 1 (was {options.Threshold}).");
        }
        if (options.EntityWeight is < 0 or > 1 || double.IsNaN(options.EntityWeight))
        {
            failures.Add($"Stories:EntityWeight must be between 0 and 1 (was {options.EntityWeight}).");
        }
        if (options.MinContentSimilarity is < 0 or > 1 || double.IsNaN(options.MinContentSimilarity))
        {
            failures.Add($"Stories:MinContentSimilarity must be between 0 and 1 (was {options.MinContentSimilarity}).");
        }
        if (options.MinSharedEntities is < 0 or > 10)
        {
            failures.Add($"Stories:MinSharedEntities must be between 0 and 10 (was {options.MinSharedEntities}).");
        }
        if (options.MaxActive is < 10 or > 10_000_000)
        {
            failures.Add($"Stories:MaxActive must be between 10 and 10000000 (was {options.MaxActive}).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

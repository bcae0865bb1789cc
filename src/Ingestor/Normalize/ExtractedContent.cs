using Ingestor.Articles;

namespace Ingestor.Normalize;

public enum BlockKind
{
    Paragraph,
    Heading,
}

/// <summary>One block of article text in reading order.</summary>
public readonly record struct TextBlock(BlockKind Kind, string Text);

/// <summary>
/// What a format reader (plain text, HTML, JSON) recovers from one input, before the finishing
/// steps every article shares (<see cref="ArticleBuilder"/>): ids, hashes, language, dates.
/// </summary>
public sealed record ExtractedContent
{
    /// <summary>The headline when the input states one; null lets the builder take the first sentence.</summary>
    public string? Title { get; init; }
    public required IReadOnlyList<TextBlock> Blocks { get; init; }
    public string? Dateline { get; init; }
    public string? Url { get; init; }
    public string? CanonicalUrl { get; init; }
    /// <summary>Publisher or site name stated by the input (og:site_name, JSON source).</summary>
    public string? Source { get; init; }
    public IReadOnlyList<string> Authors { get; init; } = [];
    public DateTimeOffset? Published { get; init; }
    public PublishedSource? PublishedSource { get; init; }
    /// <summary>Language the input declares (html lang, JSON field); checked against the text.</summary>
    public string? LanguageHint { get; init; }
    public IReadOnlyList<string> RemovedBoilerplate { get; init; } = [];
}

/// <summary>An input that cannot become an article; the reason goes to the quarantine note.</summary>
public sealed class DocumentRejectedException(string reason, Exception? inner = null) : Exception(reason, inner)
{
    public string Reason => Message;
}

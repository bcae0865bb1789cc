using Ingestor.Articles;
using Ingestor.Normalize.Html;
using Ingestor.Normalize.Text;

namespace Ingestor.Normalize;

/// <summary>What normalizing one input produced: its articles, and the parts that had to be rejected.</summary>
public sealed record NormalizedDocument(IReadOnlyList<Article> Articles, IReadOnlyList<string> Rejections);

/// <summary>Turns any collected input (text, HTML, JSON) into clean articles.</summary>
public static class DocumentNormalizer
{
    /// <exception cref="DocumentRejectedException">The whole input is unusable; the reason says why.</exception>
    public static NormalizedDocument Normalize(RawDocument raw)
    {
        if (raw.Content.IsEmpty)
        {
            throw new DocumentRejectedException("The file is empty.");
        }
        switch (raw.Format)
        {
            case DocumentFormat.Text:
            {
                var text = TextDecoding.Decode(raw.Content.Span);
                if (string.IsNullOrWhiteSpace(text))
                {
                    throw new DocumentRejectedException("The file holds only whitespace.");
                }
                return new NormalizedDocument([ArticleBuilder.Build(PlainTextReader.Read(text), raw)], []);
            }
            case DocumentFormat.Json:
            {
                if (TextDecoding.LooksBinary(raw.Content.Span))
                {
                    throw new DocumentRejectedException("The file is binary, not JSON text.");
                }
                var articles = new List<Article>();
                var rejections = new List<string>();
                foreach (var (index, content, error) in JsonArticleReader.Read(raw.Content))
                {
                    if (content is null)
                    {
                        rejections.Add($"article {index}: {error}");
                        continue;
                    }
                    try
                    {
                        articles.Add(ArticleBuilder.Build(content, raw));
                    }
                    catch (DocumentRejectedException ex)
                    {
                        rejections.Add($"article {index}: {ex.Reason}");
                    }
                }
                if (articles.Count == 0)
                {
                    throw new DocumentRejectedException(string.Join("; ", rejections.Take(10)));
                }
                return new NormalizedDocument(articles, rejections);
            }
            case DocumentFormat.Html:
                return new NormalizedDocument([ArticleBuilder.Build(HtmlArticleExtractor.Extract(raw), raw)], []);
            default:
                throw new DocumentRejectedException($"Unsupported format {raw.Format}.");
        }
    }

    /// <summary>The format a file name implies, or null for extensions we do not read.</summary>
    public static DocumentFormat? FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".txt" or ".text" or ".md" => DocumentFormat.Text,
        ".json" => DocumentFormat.Json,
        ".html" or ".htm" or ".xhtml" => DocumentFormat.Html,
        _ => null,
    };
}

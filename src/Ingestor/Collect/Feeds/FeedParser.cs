namespace Ingestor.Collect.Feeds;

/// <summary>
/// Reads RSS 0.9x/2.0, RSS 1.0 (RDF), Atom 0.3/1.0, CDF and JSON Feed 1.0/1.1 into a <see cref="FeedDocument"/>.
/// Never throws on bad input: a broken, truncated or mis-encoded document gives what could be read, with the
/// problems listed in <see cref="FeedDocument.Errors"/>; input that is no feed at all has
/// <see cref="FeedDocument.IsFeed"/> false. DTDs are never processed. Stateless and thread-safe.
/// </summary>
public static class FeedParser
{
    /// <summary>Parses a document held in memory.</summary>
    /// <param name="content">The raw bytes as fetched or read from disk.</param>
    /// <param name="documentUrl">The document's own address (after redirects): the base for relative links.</param>
    /// <param name="contentType">The HTTP Content-Type, whose charset overrides the document's declaration.</param>
    public static FeedDocument Parse(ReadOnlySpan<byte> content, Uri? documentUrl = null, string? contentType = null, FeedParserOptions? options = null) =>
        Parse(content, new FeedSourceInfo { DocumentUrl = documentUrl, ContentType = contentType }, options);

    /// <summary>Parses a document held in memory, with everything known about where it came from.</summary>
    public static FeedDocument Parse(ReadOnlySpan<byte> content, FeedSourceInfo? source, FeedParserOptions? options = null)
    {
        source ??= new FeedSourceInfo();
        options ??= FeedParserOptions.Default;
        var errors = new FeedErrors(options.MaxErrors);
        if (content.Length > options.MaxDocumentBytes)
        {
            errors.Add($"document larger than {options.MaxDocumentBytes} bytes; only the beginning was read");
            content = content[..options.MaxDocumentBytes];
        }
        var text = FeedTextDecoder.Decode(content, source.ContentType, errors, out var encoding);
        return ParseText(text, source, options, errors, encoding);
    }

    /// <summary>Parses a document that is already text (the charset question is settled).</summary>
    public static FeedDocument Parse(string text, FeedSourceInfo? source = null, FeedParserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        options ??= FeedParserOptions.Default;
        var errors = new FeedErrors(options.MaxErrors);
        if (text.Length > options.MaxDocumentBytes)
        {
            errors.Add($"document longer than {options.MaxDocumentBytes} characters; only the beginning was read");
            text = text[..options.MaxDocumentBytes];
        }
        return ParseText(text, source ?? new FeedSourceInfo(), options, errors, encoding: null);
    }

    /// <summary>Reads a stream to its end (at most <see cref="FeedParserOptions.MaxDocumentBytes"/>) and parses it.</summary>
    public static FeedDocument Parse(Stream content, FeedSourceInfo? source = null, FeedParserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        options ??= FeedParserOptions.Default;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while (buffer.Length <= options.MaxDocumentBytes && (read = content.Read(chunk, 0, chunk.Length)) > 0)
        {
            buffer.Write(chunk, 0, read);
        }
        return Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), source, options);
    }

    /// <summary>Reads a stream to its end (at most <see cref="FeedParserOptions.MaxDocumentBytes"/>) and parses it.</summary>
    public static async Task<FeedDocument> ParseAsync(Stream content, FeedSourceInfo? source, FeedParserOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        options ??= FeedParserOptions.Default;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while (buffer.Length <= options.MaxDocumentBytes && (read = await content.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
        }
        return Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), source, options);
    }

    private static FeedDocument ParseText(string text, FeedSourceInfo source, FeedParserOptions options, FeedErrors errors, string? encoding)
    {
        if (text.StartsWith('\uFEFF'))
        {
            // a byte order mark that survived decoding (a second one, or text handed over undecoded)
            text = text[1..];
        }
        var baseUrl = BaseUrl(source, errors);
        FeedFormat format;
        FeedInfo feed;
        IReadOnlyList<FeedItem> items;
        if (JsonFeedReader.LooksLikeJson(text))
        {
            (format, feed, items) = JsonFeedReader.Read(text, baseUrl, errors, options);
        }
        else if (FeedXmlParser.Parse(text, baseUrl, errors, options.MaxDepth) is { } root)
        {
            (format, feed, items) = XmlFeedReader.Read(root, source, errors, options);
        }
        else
        {
            if (text.AsSpan().Trim().Length == 0)
            {
                errors.Add("the document is empty");
            }
            (format, feed, items) = (FeedFormat.Unknown, new FeedInfo(), []);
        }
        return new FeedDocument
        {
            Feed = feed,
            Items = items,
            Errors = errors.ToList(),
            Format = format,
            Encoding = encoding,
        };
    }

    /// <summary>The document address, replaced by Content-Location when that is a safe http(s) address.</summary>
    private static string? BaseUrl(FeedSourceInfo source, FeedErrors errors)
    {
        var document = source.DocumentUrl is { IsAbsoluteUri: true } url ? url.OriginalString : source.DocumentUrl?.OriginalString;
        if (string.IsNullOrWhiteSpace(document))
        {
            document = null;
        }
        if (!string.IsNullOrWhiteSpace(source.ContentLocation))
        {
            var location = FeedUrls.Resolve(document, source.ContentLocation);
            if (FeedUrls.SchemeOf(location) is { } scheme
                && (scheme.Equals("http", StringComparison.OrdinalIgnoreCase) || scheme.Equals("https", StringComparison.OrdinalIgnoreCase)))
            {
                return location;
            }
            errors.Add($"Content-Location '{source.ContentLocation}' ignored: not an http(s) address");
        }
        return document;
    }
}

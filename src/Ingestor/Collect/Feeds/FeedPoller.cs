using System.Globalization;
using System.Net;
using System.Text;
using Ingestor.Articles;
using Ingestor.Collect.Http;
using Ingestor.Normalize;
using Ingestor.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace Ingestor.Collect.Feeds;

/// <summary>How one poll ended.</summary>
public enum PollOutcome
{
    Ok,
    NotModified,
    Failed,
    /// <summary>Not polled: the feed is backing off after failures or was told to wait (Retry-After).</summary>
    BackingOff,
}

/// <summary>A feed answered, but not with a usable feed.</summary>
public sealed class FeedUnusableException(string message) : Exception(message);

/// <summary>
/// Polls one feed: conditional GET (or a <c>file:</c> read), parse, then each unseen item (at most max_items)
/// goes to the pipeline, with the linked page fetched for the article text when the feed has only a summary
/// or the source says <c>full_text</c>. An item is marked seen once the journal holds it; the feed's ETag and
/// Last-Modified are kept only after every item was handled, so a failed poll is repeated in full. A failing
/// feed backs off (its interval doubled per consecutive failure, up to Feeds:MaxBackoff, or the server's
/// Retry-After when longer); no failure ever escapes to stop other feeds.
/// </summary>
public sealed class FeedPoller
{
    private const string FeedAccept = "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5";
    private const string PageAccept = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5";

    private readonly IngestionPipeline _pipeline;
    private readonly FeedStateStore _store;
    private readonly HttpFetcher _fetcher;
    private readonly RobotsCache _robots;
    private readonly FeedMetrics _metrics;
    private readonly FeedSourceOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<FeedPoller> _logger;

    public FeedPoller(IngestionPipeline pipeline, FeedStateStore store, HttpFetcher fetcher, RobotsCache robots, FeedMetrics metrics,
        IOptions<FeedSourceOptions> options, TimeProvider time, ILogger<FeedPoller> logger)
    {
        _pipeline = pipeline;
        _store = store;
        _fetcher = fetcher;
        _robots = robots;
        _metrics = metrics;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    public FeedSource? Find(string name) => _options.Sources.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Polls the feed unless it is backing off (or <paramref name="force"/>). Throws only when cancelled.</summary>
    public async Task<PollOutcome> PollAsync(FeedSource source, CancellationToken cancellationToken, bool force = false)
    {
        var started = _time.GetUtcNow();
        var state = await _store.GetAsync(source.Name, cancellationToken) ?? new FeedState { Name = source.Name };
        // Triggers fire on the interval; a backed-off feed skips fires until its time (a quarter interval of slack for timer drift).
        if (!force && state.NextPoll is { } next && state.ConsecutiveFailures > 0 && next - started > source.PollInterval / 4)
        {
            _metrics.Poll(source.Name, PollOutcome.BackingOff);
            return PollOutcome.BackingOff;
        }
        PollOutcome outcome;
        try
        {
            var response = await ReadFeedAsync(source, state, cancellationToken);
            if (response.NotModified)
            {
                outcome = PollOutcome.NotModified;
                state = Succeeded(source, state, started, response.ETag, response.LastModified, items: 0);
                Log.NotModified(_logger, source.Name);
            }
            else
            {
                var document = FeedParser.Parse(response.Body, response.FinalUrl, response.ContentType);
                if (!document.IsFeed)
                {
                    throw new FeedUnusableException(Describe(response, document.Errors.Count > 0 ? document.Errors[^1] : "not a feed"));
                }
                if (document.Items.Count == 0 && document.Errors.Count > 0)
                {
                    throw new FeedUnusableException($"no item could be read: {document.Errors[0]}");
                }
                if (document.Errors.Count > 0)
                {
                    Log.FeedProblems(_logger, source.Name, document.Errors.Count, document.Errors[0]);
                }
                var ingested = await IngestItemsAsync(source, document, cancellationToken);
                outcome = PollOutcome.Ok;
                state = Succeeded(source, state, started, response.ETag, response.LastModified, ingested);
                Log.Polled(_logger, source.Name, document.Items.Count, ingested);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            // The pipeline stopped under the poll (shutdown): nothing unjournaled was marked seen and the
            // validators were not kept, so the next start repeats the poll. Not the feed's failure.
            Log.PollAbandoned(_logger, source.Name);
            return PollOutcome.Failed;
        }
        catch (Exception ex)
        {
            var (message, retryAfter) = ex switch
            {
                FetchException fetch => (fetch.Message, fetch.RetryAfter),
                FeedUnusableException unusable => (unusable.Message, null),
                IOException io => ($"the journal could not take the items: {io.Message}", null),
                _ => ($"internal error: {ex.GetType().Name}: {ex.Message}", (TimeSpan?)null),
            };
            if (ex is FetchException or FeedUnusableException)
            {
                Log.PollFailed(_logger, source.Name, state.ConsecutiveFailures + 1, message);
            }
            else
            {
                Log.PollError(_logger, ex, source.Name, state.ConsecutiveFailures + 1);
            }
            outcome = PollOutcome.Failed;
            state = Failed(source, state, started, message, retryAfter);
        }
        await _store.SaveAsync(state, CancellationToken.None);
        _metrics.Poll(source.Name, outcome);
        return outcome;
    }

    private static string Describe(FetchResponse response, string problem)
    {
        if (response.Body.Length == 0)
        {
            return "the server answered with an empty body, not a feed";
        }
        var type = response.ContentType is null ? "" : $" ({response.ContentType})";
        return response.ContentType?.Contains("html", StringComparison.OrdinalIgnoreCase) == true
            ? $"the server answered with an HTML page, not a feed{type}"
            : $"not a feed{type}: {problem}";
    }

    private static FeedState Succeeded(FeedSource source, FeedState state, DateTimeOffset started, string? etag, string? lastModified, int items) => state with
    {
        ETag = etag,
        LastModified = lastModified,
        LastPoll = started,
        LastSuccess = started,
        ConsecutiveFailures = 0,
        NextPoll = NextScheduled(source, started),
        ItemsLastPoll = items,
    };

    private FeedState Failed(FeedSource source, FeedState state, DateTimeOffset started, string message, TimeSpan? retryAfter)
    {
        var failures = state.ConsecutiveFailures + 1;
        var interval = source.PollInterval;
        // Graded: the first failure keeps the normal schedule, each further one doubles the wait.
        var factor = Math.Pow(2, Math.Min(failures - 1, 20));
        var backoff = TimeSpan.FromTicks((long)Math.Min(interval.Ticks * factor, _options.MaxBackoff.Ticks));
        if (backoff < interval)
        {
            backoff = interval;
        }
        if (failures > 1)
        {
            backoff *= 0.9 + (Random.Shared.NextDouble() * 0.2);
        }
        if (retryAfter is { } after && after > backoff)
        {
            backoff = after < _options.MaxBackoff ? after : _options.MaxBackoff;
        }
        return state with
        {
            LastPoll = started,
            LastError = message,
            LastErrorAt = started,
            ConsecutiveFailures = failures,
            NextPoll = started + backoff,
            ItemsLastPoll = 0,
        };
    }

    private static DateTimeOffset NextScheduled(FeedSource source, DateTimeOffset after)
    {
        if (!string.IsNullOrWhiteSpace(source.Cron) && FeedSourceOptions.IsValidCron(source.Cron))
        {
            var cron = new CronExpression(source.Cron, TimeZoneInfo.Utc);
            if (cron.GetNextValidTimeAfter(after) is { } next)
            {
                return next;
            }
        }
        return after + source.PollInterval;
    }

    private async Task<FetchResponse> ReadFeedAsync(FeedSource source, FeedState state, CancellationToken cancellationToken)
    {
        var address = source.Address;
        if (!address.IsFile)
        {
            return await _fetcher.FetchAsync(new FetchRequest(address) { Trusted = true, ETag = state.ETag, LastModified = state.LastModified, Accept = FeedAccept },
                cancellationToken);
        }
        var file = new FileInfo(address.LocalPath);
        if (!file.Exists)
        {
            throw new FeedUnusableException($"the file {file.FullName} does not exist");
        }
        if (file.Length > _options.MaxFileBytes)
        {
            throw new FeedUnusableException(string.Create(CultureInfo.InvariantCulture, $"the file is {file.Length} bytes, over the {_options.MaxFileBytes}-byte limit (Feeds:MaxFileBytes)"));
        }
        // The file's write time plays Last-Modified: an unchanged file is not parsed again.
        var stamp = file.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture) + "/" + file.Length.ToString(CultureInfo.InvariantCulture);
        if (state.LastModified == stamp)
        {
            return new FetchResponse(HttpStatusCode.NotModified, address, [], null, null, stamp);
        }
        var body = await File.ReadAllBytesAsync(file.FullName, cancellationToken);
        return new FetchResponse(HttpStatusCode.OK, address, body, null, null, stamp);
    }

    private async Task<int> IngestItemsAsync(FeedSource source, FeedDocument document, CancellationToken cancellationToken)
    {
        var ingested = 0;
        foreach (var item in document.Items.Take(source.MaxItems))
        {
            var key = ItemKey(item);
            if (await _store.IsSeenAsync(source.Name, key, cancellationToken))
            {
                _metrics.Item(source.Name, "seen");
                continue;
            }
            var raw = await BuildDocumentAsync(source, item, cancellationToken);
            if (raw is null)
            {
                Log.ItemEmpty(_logger, source.Name, key);
                _metrics.Item(source.Name, "empty");
                await _store.MarkSeenAsync(source.Name, [key], _time.GetUtcNow(), cancellationToken);
                continue;
            }
            // Throws (IOException) when the journal cannot take it: the item stays unseen and the poll fails.
            var result = await _pipeline.SubmitAsync(raw, cancellationToken);
            if (result.IsRejected)
            {
                // It would be refused again on every poll: recorded in the log and metrics, then left behind.
                Log.ItemRejected(_logger, source.Name, raw.Origin, result.RejectedReason!);
                _metrics.Item(source.Name, "rejected");
            }
            else
            {
                ingested++;
                _metrics.Item(source.Name, "ingested");
            }
            await _store.MarkSeenAsync(source.Name, [key], _time.GetUtcNow(), CancellationToken.None);
        }
        return ingested;
    }

    /// <summary>The item's identity: its guid/id, else its canonical link, else a hash of what it says.</summary>
    public static string ItemKey(FeedItem item)
    {
        if (!string.IsNullOrWhiteSpace(item.Id))
        {
            // A permalink guid gets the same canonical spelling as a link would.
            return "id:" + (UrlCanonicalizer.Canonicalize(item.Id) ?? item.Id.Trim());
        }
        if (UrlCanonicalizer.Canonicalize(item.Link) is { } link)
        {
            return "url:" + link;
        }
        return "hash:" + ArticleBuilder.Hash((item.Title ?? "") + "\n" + (item.Content ?? item.Summary ?? ""), 32);
    }

    private async Task<RawDocument?> BuildDocumentAsync(FeedSource source, FeedItem item, CancellationToken cancellationToken)
    {
        var hints = new FeedItemHints
        {
            Title = item.Title,
            Published = item.Published ?? item.Updated,
            Authors = [.. item.Authors.Select(a => a.Name ?? a.Email).OfType<string>()],
            SummaryHtml = item.Summary,
            Categories = [.. item.Categories.Concat(source.Tags).Distinct(StringComparer.OrdinalIgnoreCase)],
        };
        var feedHtml = LongerOf(item.Content, item.Summary);
        var feedTextLength = feedHtml is null ? 0 : HtmlText.ToPlainText(feedHtml).Trim().Length;
        var link = Uri.TryCreate(item.Link, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https" ? parsed : null;
        if (link is not null && (source.FullText || feedTextLength < _options.FullTextMinChars))
        {
            var page = await FetchPageAsync(source, link, cancellationToken);
            if (page is not null)
            {
                _metrics.Item(source.Name, "full_text");
                return new RawDocument
                {
                    Origin = link.AbsoluteUri,
                    Format = DocumentFormat.Html,
                    Content = page.Body,
                    ContentType = page.ContentType,
                    Url = page.FinalUrl.AbsoluteUri,
                    Source = source.Name,
                    Feed = hints,
                };
            }
        }
        if (feedTextLength == 0 && string.IsNullOrWhiteSpace(item.Title))
        {
            return null;
        }
        // The feed's own text (sanitized by the parser) as a small page the HTML extractor reads like any other.
        var html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>")
            .Append(WebUtility.HtmlEncode(item.Title ?? ""))
            .Append("</title></head><body><article>")
            .Append(feedHtml ?? "")
            .Append("</article></body></html>")
            .ToString();
        return new RawDocument
        {
            Origin = link?.AbsoluteUri ?? $"{source.Name}#{ItemKey(item)}",
            Format = DocumentFormat.Html,
            Content = Encoding.UTF8.GetBytes(html),
            ContentType = "text/html; charset=utf-8",
            Url = link?.AbsoluteUri,
            Source = source.Name,
            Feed = hints,
        };
    }

    /// <summary>The linked page through the guarded, polite fetcher; null (logged) when it cannot be had.</summary>
    private async Task<FetchResponse?> FetchPageAsync(FeedSource source, Uri link, CancellationToken cancellationToken)
    {
        try
        {
            if (!await _robots.IsAllowedAsync(link, cancellationToken))
            {
                Log.FullTextFallback(_logger, source.Name, link, "robots.txt disallows it");
                _metrics.Item(source.Name, "full_text_fallback");
                return null;
            }
            var page = await _fetcher.FetchAsync(new FetchRequest(link) { Accept = PageAccept }, cancellationToken);
            if (page.ContentType is { } type && !type.Contains("html", StringComparison.OrdinalIgnoreCase) && !type.StartsWith("text/", StringComparison.OrdinalIgnoreCase))
            {
                Log.FullTextFallback(_logger, source.Name, link, $"the link is {type}, not a page");
                _metrics.Item(source.Name, "full_text_fallback");
                return null;
            }
            if (page.Body.Length == 0)
            {
                Log.FullTextFallback(_logger, source.Name, link, "the page is empty");
                _metrics.Item(source.Name, "full_text_fallback");
                return null;
            }
            return page;
        }
        catch (FetchException ex)
        {
            Log.FullTextFallback(_logger, source.Name, link, ex.Message);
            _metrics.Item(source.Name, "full_text_fallback");
            return null;
        }
    }

    private static string? LongerOf(string? a, string? b) =>
        string.IsNullOrWhiteSpace(a) ? (string.IsNullOrWhiteSpace(b) ? null : b) : string.IsNullOrWhiteSpace(b) || a.Length >= b.Length ? a : b;
}

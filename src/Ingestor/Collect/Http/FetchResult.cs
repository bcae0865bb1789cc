using System.Net;

namespace Ingestor.Collect.Http;

/// <summary>What to fetch, and whose URL it is.</summary>
public sealed record FetchRequest(Uri Url)
{
    /// <summary>An operator-configured URL: its first hop skips the address guard (unless Fetch:GuardConfiguredFeeds).</summary>
    public bool Trusted { get; init; }
    public string? ETag { get; init; }
    public string? LastModified { get; init; }
    public string Accept { get; init; } = "*/*";
}

/// <summary>A completed fetch: 200 with its body, or 304.</summary>
public sealed record FetchResponse(HttpStatusCode Status, Uri FinalUrl, byte[] Body, string? ContentType, string? ETag, string? LastModified)
{
    public bool NotModified => Status == HttpStatusCode.NotModified;
}

/// <summary>Why a fetch failed.</summary>
public enum FetchFailure
{
    Network,
    Timeout,
    Http,
    TooLarge,
    Redirects,
    Refused,
    CircuitOpen,
    Tls,
    BadEncoding,
}

/// <summary>A fetch that did not produce a body: what went wrong, whether trying later may help, and when.</summary>
public sealed class FetchException : Exception
{
    public FetchException(FetchFailure failure, string message, bool transient, int? statusCode = null, TimeSpan? retryAfter = null, Exception? inner = null)
        : base(message, inner)
    {
        Failure = failure;
        Transient = transient;
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    public FetchFailure Failure { get; }
    public bool Transient { get; }
    public int? StatusCode { get; }
    /// <summary>The server's Retry-After (429, 503) or an open breaker's remaining time.</summary>
    public TimeSpan? RetryAfter { get; }
}

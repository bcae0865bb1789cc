namespace Ingestor.Collect.Http;

/// <summary>
/// Configuration section <c>Fetch</c>: how the worker fetches feeds and article pages. Configured feed URLs
/// are operator-trusted (fetched wherever they point unless <see cref="GuardConfiguredFeeds"/>); every URL
/// that came from content (article links, robots.txt of their hosts, every redirect hop) goes through the
/// address guard, which refuses loopback, private, link-local, CGNAT, multicast, unspecified and cloud
/// metadata addresses unless <see cref="AllowedNetworks"/> lists them.
/// </summary>
public sealed class FetchOptions
{
    public const string Section = "Fetch";

    /// <summary>Sent with every request; name the deployment and a contact so site owners can reach you.</summary>
    public string UserAgent { get; set; } = "Ingestor/1.0 (news ingestion worker)";

    /// <summary>One attempt, headers and body, must finish within this (a slow drip ends here).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest body accepted, counted after decompression (a gzip bomb stops here).</summary>
    public long MaxResponseBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Redirects followed per fetch; each hop is checked by the address guard.</summary>
    public int MaxRedirects { get; set; } = 5;

    /// <summary>Retries of a transient failure (network error, timeout, 408, 429, 5xx) within one fetch.</summary>
    public int Retries { get; set; } = 2;

    /// <summary>First retry delay; doubles with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A Retry-After up to this long is waited out within the fetch; a longer one moves the feed's next poll instead.</summary>
    public TimeSpan MaxRetryAfterWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Requests in flight to one host at once.</summary>
    public int PerHostConcurrency { get; set; } = 2;

    /// <summary>Minimum time between the starts of two requests to one host.</summary>
    public TimeSpan PerHostDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Per-host circuit breaker: share of failed attempts within <see cref="BreakerSamplingDuration"/> that opens it.</summary>
    public double BreakerFailureRatio { get; set; } = 0.8;

    /// <summary>Attempts needed within the sampling window before the breaker may open.</summary>
    public int BreakerMinimumThroughput { get; set; } = 6;

    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long an open breaker refuses requests to its host.</summary>
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Addresses or CIDR networks (127.0.0.1, 10.0.0.0/8, fd00::/8) content URLs may reach although private.</summary>
    public List<string> AllowedNetworks { get; set; } = [];

    /// <summary>Also guard the configured feed URLs themselves (their first hop); redirects are always guarded.</summary>
    public bool GuardConfiguredFeeds { get; set; }

    /// <summary>Honour robots.txt for article page fetches.</summary>
    public bool RespectRobots { get; set; } = true;

    /// <summary>How long a host's robots.txt is cached.</summary>
    public TimeSpan RobotsCacheTime { get; set; } = TimeSpan.FromHours(1);
}

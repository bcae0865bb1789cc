using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ingestor.Collect.Http;

/// <summary>
/// robots.txt per origin, fetched through the guarded fetcher and cached for <see cref="FetchOptions.RobotsCacheTime"/>.
/// Missing (4xx) means everything is allowed; unreachable (5xx, network) means nothing is, for now (RFC 9309).
/// </summary>
public sealed class RobotsCache(HttpFetcher fetcher, IOptions<FetchOptions> options, TimeProvider time, ILogger<RobotsCache> logger) : IDisposable
{
    private readonly ConcurrentDictionary<string, (RobotsRules Rules, DateTimeOffset Expires)> _cache = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _fetching = new(1, 1);

    public async Task<bool> IsAllowedAsync(Uri url, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.RespectRobots)
        {
            return true;
        }
        var origin = url.GetLeftPart(UriPartial.Authority);
        var rules = await RulesAsync(origin, cancellationToken);
        var allowed = rules.IsAllowed(url);
        if (!allowed)
        {
            Log.RobotsDisallowed(logger, origin, url);
        }
        return allowed;
    }

    private async Task<RobotsRules> RulesAsync(string origin, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(origin, out var cached) && cached.Expires > time.GetUtcNow())
        {
            return cached.Rules;
        }
        await _fetching.WaitAsync(cancellationToken);
        try
        {
            if (_cache.TryGetValue(origin, out cached) && cached.Expires > time.GetUtcNow())
            {
                return cached.Rules;
            }
            var rules = await FetchAsync(origin, cancellationToken);
            _cache[origin] = (rules, time.GetUtcNow() + options.Value.RobotsCacheTime);
            return rules;
        }
        finally
        {
            _fetching.Release();
        }
    }

    private async Task<RobotsRules> FetchAsync(string origin, CancellationToken cancellationToken)
    {
        try
        {
            var response = await fetcher.FetchAsync(new FetchRequest(new Uri(origin + "/robots.txt")) { Accept = "text/plain" }, cancellationToken);
            return RobotsRules.Parse(RobotsRules.Decode(response.Body), options.Value.UserAgent);
        }
        catch (FetchException ex) when (ex.StatusCode is >= 400 and < 500 and not 429)
        {
            return RobotsRules.AllowAll;
        }
        catch (FetchException ex)
        {
            Log.RobotsUnavailable(logger, origin, ex.Message);
            return RobotsRules.DisallowAll;
        }
    }

    public void Dispose() => _fetching.Dispose();
}

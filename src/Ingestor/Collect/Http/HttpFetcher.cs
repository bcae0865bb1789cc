using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Ingestor.Collect.Http;

/// <summary>
/// Fetches feeds and pages for the worker. Redirects are followed here, not by the handler, so each hop is
/// checked by the <see cref="AddressGuard"/> and counted (at most <see cref="FetchOptions.MaxRedirects"/>).
/// Each hop runs through the host's Polly pipeline: retries with exponential backoff and jitter for transient
/// failures (Retry-After honoured when short), a circuit breaker per host, a per-attempt timeout that covers
/// the body too. Bodies are decompressed (gzip, deflate, brotli) and capped after decompression.
/// </summary>
public sealed class HttpFetcher
{
    /// <summary>Client for operator-configured feed URLs (first hop only).</summary>
    public const string TrustedClient = "ingestor-fetch-trusted";
    /// <summary>Client for everything that came from content; its connect step enforces the address guard.</summary>
    public const string GuardedClient = "ingestor-fetch-guarded";

    private readonly IHttpClientFactory _clients;
    private readonly HostPoliteness _politeness;
    private readonly AddressGuard _guard;
    private readonly FetchOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<HttpFetcher> _logger;
    private readonly ConcurrentDictionary<string, ResiliencePipeline<FetchResponse>> _pipelines = new(StringComparer.OrdinalIgnoreCase);

    public HttpFetcher(IHttpClientFactory clients, HostPoliteness politeness, AddressGuard guard, IOptions<FetchOptions> options, TimeProvider time,
        ILogger<HttpFetcher> logger)
    {
        _clients = clients;
        _politeness = politeness;
        _guard = guard;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>Fetches a URL, following redirects.</summary>
    /// <exception cref="FetchException">No body: the failure says why and whether to try again.</exception>
    public async Task<FetchResponse> FetchAsync(FetchRequest request, CancellationToken cancellationToken)
    {
        var url = request.Url;
        var visited = new HashSet<string>(StringComparer.Ordinal) { url.AbsoluteUri };
        for (var hop = 0; ; hop++)
        {
            if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
            {
                throw new FetchException(FetchFailure.Refused, $"{url}: only http and https URLs are fetched", transient: false);
            }
            var guarded = hop > 0 || !request.Trusted || _options.GuardConfiguredFeeds;
            if (guarded)
            {
                await CheckAddressAsync(url, cancellationToken);
            }
            var pipeline = _pipelines.GetOrAdd(url.IdnHost, _ => BuildPipeline());
            FetchResponse response;
            // The host slot is held across retries (polite) but outside the timeout, so queueing for a busy host never times a request out.
            using (await _politeness.EnterAsync(url, cancellationToken))
            {
                response = await ExecuteAsync(pipeline, request, url, guarded, cancellationToken);
            }
            if (response.Status is not (HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
                or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect))
            {
                return response;
            }
            var next = response.FinalUrl;
            if (hop + 1 > _options.MaxRedirects)
            {
                throw new FetchException(FetchFailure.Redirects, $"{request.Url}: more than {_options.MaxRedirects} redirects", transient: false);
            }
            if (!visited.Add(next.AbsoluteUri))
            {
                throw new FetchException(FetchFailure.Redirects, $"{request.Url}: redirect loop at {next}", transient: false);
            }
            Log.Redirected(_logger, url, next);
            url = next;
        }
    }

    private async Task CheckAddressAsync(Uri url, CancellationToken cancellationToken)
    {
        try
        {
            await _guard.ResolveAllowedAsync(url.IdnHost, guarded: true, cancellationToken);
        }
        catch (AddressRefusedException ex)
        {
            throw new FetchException(FetchFailure.Refused, $"{url}: {ex.Message}", transient: false, inner: ex);
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            throw new FetchException(FetchFailure.Network, $"{url}: cannot resolve {url.IdnHost}: {ex.Message}", transient: true, inner: ex);
        }
    }

    private async Task<FetchResponse> ExecuteAsync(ResiliencePipeline<FetchResponse> pipeline, FetchRequest request, Uri url, bool guarded,
        CancellationToken cancellationToken)
    {
        try
        {
            return await pipeline.ExecuteAsync(async token => await SendOnceAsync(request, url, guarded, token), cancellationToken);
        }
        catch (BrokenCircuitException ex)
        {
            throw new FetchException(FetchFailure.CircuitOpen, $"{url}: too many recent failures at {url.IdnHost}; requests paused", transient: true,
                retryAfter: ex.RetryAfter, inner: ex);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new FetchException(FetchFailure.Timeout, $"{url}: no complete answer within {_options.RequestTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s",
                transient: true, inner: ex);
        }
    }

    private ResiliencePipeline<FetchResponse> BuildPipeline()
    {
        var builder = new ResiliencePipelineBuilder<FetchResponse> { TimeProvider = _time };
        if (_options.Retries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<FetchResponse>
            {
                ShouldHandle = new PredicateBuilder<FetchResponse>()
                    .Handle<TimeoutRejectedException>()
                    .Handle<FetchException>(ex => ex.Transient && ex.Failure != FetchFailure.CircuitOpen
                                                  && (ex.RetryAfter is null || ex.RetryAfter <= _options.MaxRetryAfterWait)),
                MaxRetryAttempts = _options.Retries,
                Delay = _options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is FetchException { RetryAfter: { } after } ? after : (TimeSpan?)null),
            });
        }
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<FetchResponse>
        {
            ShouldHandle = new PredicateBuilder<FetchResponse>()
                .Handle<TimeoutRejectedException>()
                .Handle<FetchException>(ex => ex.Transient),
            FailureRatio = _options.BreakerFailureRatio,
            MinimumThroughput = _options.BreakerMinimumThroughput,
            SamplingDuration = _options.BreakerSamplingDuration,
            BreakDuration = _options.BreakerBreakDuration,
        });
        builder.AddTimeout(_options.RequestTimeout);
        return builder.Build();
    }

    /// <summary>One attempt at one hop: a 3xx comes back as a response whose FinalUrl is the Location.</summary>
    private async Task<FetchResponse> SendOnceAsync(FetchRequest request, Uri url, bool guarded, CancellationToken cancellationToken)
    {
        var client = _clients.CreateClient(guarded ? GuardedClient : TrustedClient);
        using var message = new HttpRequestMessage(HttpMethod.Get, url);
        message.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
        message.Headers.TryAddWithoutValidation("Accept", request.Accept);
        if (request.ETag is not null && url == request.Url)
        {
            message.Headers.TryAddWithoutValidation("If-None-Match", request.ETag);
        }
        if (request.LastModified is not null && url == request.Url)
        {
            message.Headers.TryAddWithoutValidation("If-Modified-Since", request.LastModified);
        }
        try
        {
            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            if (status is >= 300 and < 400 && status != 304)
            {
                var location = response.Headers.Location;
                if (location is null)
                {
                    throw new FetchException(FetchFailure.Http, $"{url}: HTTP {status} without a Location", transient: false, status);
                }
                return new FetchResponse(response.StatusCode, location.IsAbsoluteUri ? location : new Uri(url, location), [], null, null, null);
            }
            var etag = response.Headers.ETag?.ToString();
            var lastModified = response.Content.Headers.LastModified?.ToString("R", CultureInfo.InvariantCulture);
            if (response.StatusCode == HttpStatusCode.NotModified)
            {
                return new FetchResponse(HttpStatusCode.NotModified, url, [], null, etag ?? request.ETag, lastModified ?? request.LastModified);
            }
            if (!response.IsSuccessStatusCode)
            {
                var transient = status is 408 or 429 or >= 500;
                var retryAfter = status is 429 or 503 ? RetryAfter(response.Headers.RetryAfter) : null;
                throw new FetchException(FetchFailure.Http, $"{url}: HTTP {status} {response.ReasonPhrase}", transient, status, retryAfter);
            }
            if (response.Content.Headers.ContentLength is { } length && length > _options.MaxResponseBytes)
            {
                throw TooLarge(url);
            }
            var body = await ReadCappedAsync(response.Content, url, cancellationToken);
            return new FetchResponse(response.StatusCode, url, body, response.Content.Headers.ContentType?.ToString(), etag, lastModified);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException && cancellationToken.IsCancellationRequested)
        {
            // Our timeout (or shutdown) fired mid-request: let the pipeline see a cancellation, not a network error.
            throw new OperationCanceledException(ex.Message, ex, cancellationToken);
        }
        catch (HttpRequestException ex) when (Inner<AddressRefusedException>(ex) is { } refused)
        {
            throw new FetchException(FetchFailure.Refused, $"{url}: {refused.Message}", transient: false, inner: ex);
        }
        catch (HttpRequestException ex) when (Inner<AuthenticationException>(ex) is not null)
        {
            throw new FetchException(FetchFailure.Tls, $"{url}: TLS handshake failed: {Messages(ex)}", transient: false, inner: ex);
        }
        catch (HttpRequestException ex)
        {
            throw new FetchException(FetchFailure.Network, $"{url}: connection failed: {Messages(ex)}", transient: true, inner: ex);
        }
        catch (InvalidDataException ex)
        {
            throw new FetchException(FetchFailure.BadEncoding, $"{url}: the compressed body is corrupt: {ex.Message}", transient: false, inner: ex);
        }
        catch (IOException ex)
        {
            throw new FetchException(FetchFailure.Network, $"{url}: connection broke while reading: {Messages(ex)}", transient: true, inner: ex);
        }
    }

    private async Task<byte[]> ReadCappedAsync(HttpContent content, Uri url, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > _options.MaxResponseBytes)
            {
                throw TooLarge(url);
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private FetchException TooLarge(Uri url) =>
        new(FetchFailure.TooLarge, string.Create(CultureInfo.InvariantCulture, $"{url}: the body is over the {_options.MaxResponseBytes}-byte limit (Fetch:MaxResponseBytes)"),
            transient: false);

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header)
    {
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }
        if (header?.Date is { } date)
        {
            var wait = date - _time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }

    /// <summary>The exception's message and its causes' (the outer one alone is often "An error occurred while sending the request").</summary>
    private static string Messages(Exception exception)
    {
        var messages = new List<string>();
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (!messages.Contains(e.Message, StringComparer.Ordinal))
            {
                messages.Add(e.Message.TrimEnd('.'));
            }
        }
        return string.Join(": ", messages);
    }

    private static T? Inner<T>(Exception exception) where T : Exception
    {
        for (var e = exception.InnerException; e is not null; e = e.InnerException)
        {
            if (e is T match)
            {
                return match;
            }
        }
        return null;
    }
}

using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Ingestor.Alerts.Delivery;

/// <summary>
/// POSTs alert bodies for the webhook and Slack senders: a named client from <see cref="IHttpClientFactory"/>
/// and one Polly pipeline (per-attempt timeout inside exponential retries with jitter) for transient
/// failures: network errors, timeouts, 408, 429 and 5xx. Other answers fail at once.
/// </summary>
public sealed class AlertHttp
{
    public const string ClientName = "ingestor-alerts";

    private readonly IHttpClientFactory _clients;
    private readonly ResiliencePipeline _pipeline;

    public AlertHttp(IHttpClientFactory clients, IOptions<AlertOptions> options, TimeProvider time)
    {
        _clients = clients;
        var settings = options.Value;
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (settings.Retries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<HttpRequestException>().Handle<TimeoutRejectedException>()
                    .Handle<AlertDeliveryException>(ex => !ex.Permanent),
                MaxRetryAttempts = settings.Retries,
                Delay = settings.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            });
        }
        builder.AddTimeout(settings.RequestTimeout);
        _pipeline = builder.Build();
    }

    /// <exception cref="AlertDeliveryException">Not accepted after the retries, or refused outright.</exception>
    public async Task PostAsync(Uri url, ReadOnlyMemory<byte> body, IReadOnlyDictionary<string, string> headers, CancellationToken cancellationToken)
    {
        var client = _clients.CreateClient(ClientName);
        try
        {
            await _pipeline.ExecuteAsync(async token =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ReadOnlyMemoryContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                request.Headers.UserAgent.ParseAdd("Ingestor-Alerts/1.0");
                foreach (var (name, value) in headers)
                {
                    request.Headers.TryAddWithoutValidation(name, value);
                }
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
                var code = (int)response.StatusCode;
                var transient = response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || code >= 500;
                throw new AlertDeliveryException($"{url.Host} answered HTTP {code} {response.ReasonPhrase}", permanent: !transient);
            }, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new AlertDeliveryException($"{url.Host}: {ex.Message}", permanent: false, ex);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new AlertDeliveryException($"{url.Host} did not answer within the request timeout", permanent: false, ex);
        }
    }
}

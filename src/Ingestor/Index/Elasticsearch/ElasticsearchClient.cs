using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Ingestor.Index.Elasticsearch;

/// <summary>The raw answer of one request: status, body and the node that gave it.</summary>
public sealed record ElasticsearchResponse(int StatusCode, byte[] Body, Uri Node)
{
    /// <summary>The server's Retry-After, when it sent one with a 429 or 503.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public bool IsSuccess => StatusCode is >= 200 and < 300;

    public T Read<T>() =>
        JsonSerializer.Deserialize<T>(Body, ElasticsearchJson.Wire)
        ?? throw new ElasticsearchException($"Elasticsearch answered with an empty body (HTTP {StatusCode}).");

    /// <summary>True when the body is an error document ({"error": ...}) rather than an answer.</summary>
    public bool IsErrorDocument()
    {
        if (Body.Length == 0)
        {
            return false;
        }
        try
        {
            using var doc = JsonDocument.Parse(Body);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("error", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public string Text => Encoding.UTF8.GetString(Body);
}

/// <summary>
/// A small typed Elasticsearch client over <see cref="HttpClient"/> and System.Text.Json for exactly the
/// endpoints Ingestor uses. Speaks the 8.x REST compatibility media types, so 8.x and 9.x servers answer
/// alike; refuses a server that does not identify itself as Elasticsearch; authenticates with an API key or
/// basic auth; spreads requests over several nodes and rests a failing one; retries 429/502/503/504 and
/// connection failures with exponential backoff and jitter; raises <see cref="ElasticsearchException"/>
/// carrying the server's error type and reason.
/// </summary>
public sealed class ElasticsearchClient
{
    public const string HttpClientName = "Ingestor.Elasticsearch";
    public const string JsonMediaType = "application/vnd.elasticsearch+json; compatible-with=8";
    public const string NdjsonMediaType = "application/vnd.elasticsearch+x-ndjson; compatible-with=8";
    public const string ProductHeader = "X-Elastic-Product";

    private static readonly ResiliencePropertyKey<TimeSpan> TimeoutKey = new("Ingestor.Elasticsearch.Timeout");

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly ElasticsearchOptions _options;
    private readonly ILogger _logger;
    private readonly ElasticsearchNodePool _nodes;
    private readonly ResiliencePipeline<ElasticsearchResponse> _pipeline;
    private readonly AuthenticationHeaderValue? _authorization;
    private volatile bool _productVerified;

    public ElasticsearchClient(
        IHttpClientFactory httpClientFactory,
        IOptions<ElasticsearchOptions> options,
        TimeProvider timeProvider,
        ILogger<ElasticsearchClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _httpClientFactory = httpClientFactory;
        _options = options.Value;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _nodes = new ElasticsearchNodePool(_options.NodeUris(), timeProvider, _options.DeadNodeBackoff, _options.MaxDeadNodeBackoff);
        _authorization = Authorization(_options);
        _pipeline = BuildPipeline(_options, timeProvider);
    }

    public ElasticsearchOptions Options => _options;

    /// <summary>Sees every request before it is sent (tests check them against the specification).</summary>
    internal Action<ElasticsearchRequest>? Observer { get; set; }

    public IReadOnlyList<Uri> Nodes => _nodes.Nodes;

    internal static AuthenticationHeaderValue? Authorization(ElasticsearchOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.ApiKey))
        {
            var key = options.ApiKey.Trim();
            // "id:api_key" as the create-API-key answer lists it; the "encoded" form is already base64.
            return new AuthenticationHeaderValue("ApiKey",
                key.Contains(':', StringComparison.Ordinal) ? Convert.ToBase64String(Encoding.UTF8.GetBytes(key)) : key);
        }
        if (!string.IsNullOrWhiteSpace(options.Username))
        {
            return new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes(options.Username + ":" + options.Password)));
        }
        return null;
    }

    private ResiliencePipeline<ElasticsearchResponse> BuildPipeline(ElasticsearchOptions options, TimeProvider timeProvider)
    {
        var builder = new ResiliencePipelineBuilder<ElasticsearchResponse> { TimeProvider = timeProvider };
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<ElasticsearchResponse>
            {
                ShouldHandle = new PredicateBuilder<ElasticsearchResponse>()
                    // A certificate the configuration does not trust will not become trusted by asking again.
                    .Handle<HttpRequestException>(ex => ex.InnerException is not System.Security.Authentication.AuthenticationException)
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => IsTransient(r.StatusCode)),
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryDelay,
                DelayGenerator = args =>
                {
                    // Honour the server's Retry-After (bounded by MaxRetryDelay); otherwise Polly's backoff applies.
                    var after = args.Outcome.Result?.RetryAfter;
                    return ValueTask.FromResult(after is { } value ? TimeSpan.FromTicks(Math.Min(value.Ticks, options.MaxRetryDelay.Ticks)) : (TimeSpan?)null);
                },
                OnRetry = args =>
                {
                    var reason = args.Outcome.Exception?.Message ?? $"HTTP {args.Outcome.Result?.StatusCode}";
                    Log.Retrying(_logger, args.Context.OperationKey ?? "request", args.AttemptNumber + 1, args.RetryDelay, reason);
                    return ValueTask.CompletedTask;
                },
            });
        }
        builder.AddTimeout(new TimeoutStrategyOptions
        {
            TimeoutGenerator = args => ValueTask.FromResult(args.Context.Properties.GetValue(TimeoutKey, options.RequestTimeout)),
        });
        return builder.Build();
    }

    /// <summary>Statuses worth another attempt: the cluster is busy or a proxy could not reach it.</summary>
    public static bool IsTransient(int statusCode) => statusCode is 429 or 502 or 503 or 504;

    /// <summary>Sends a request with retries and node failover and returns the answer; throws for errors not in <see cref="ElasticsearchRequest.Expected"/>.</summary>
    public async Task<ElasticsearchResponse> SendAsync(ElasticsearchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Observer?.Invoke(request);
        var body = request.BodyBytes();
        var context = ResilienceContextPool.Shared.Get(request.Endpoint, cancellationToken);
        context.Properties.Set(TimeoutKey, request.Timeout ?? _options.RequestTimeout);
        ElasticsearchResponse response;
        try
        {
            response = await _pipeline.ExecuteAsync(
                static (ctx, state) => state.Client.AttemptAsync(state.Request, state.Body, ctx.CancellationToken, state.Caller),
                context,
                (Client: this, Request: request, Body: body, Caller: cancellationToken));
        }
        catch (HttpRequestException ex)
        {
            throw new ElasticsearchUnavailableException(
                $"Elasticsearch {request.Endpoint}: no node answered ({string.Join(", ", _nodes.Nodes)}): {ex.Message}", ex);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new ElasticsearchUnavailableException(
                $"Elasticsearch {request.Endpoint}: no answer within {request.Timeout ?? _options.RequestTimeout}.", ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        if (!response.IsSuccess && !request.Expected.Contains(response.StatusCode))
        {
            throw ToException(request.Endpoint, response);
        }
        return response;
    }

    private async ValueTask<ElasticsearchResponse> AttemptAsync(ElasticsearchRequest request, byte[]? body, CancellationToken attemptToken, CancellationToken callerToken)
    {
        var node = _nodes.Next();
        using var message = new HttpRequestMessage(request.Method, new Uri(node, request.PathAndQuery.TrimStart('/')));
        message.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(JsonMediaType));
        message.Headers.UserAgent.Add(new ProductInfoHeaderValue("ingestor", "1.0"));
        message.Headers.Authorization = _authorization;
        if (body is not null)
        {
            message.Content = new ByteArrayContent(body);
            message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.Ndjson is null ? JsonMediaType : NdjsonMediaType);
        }

        HttpResponseMessage httpResponse;
        byte[] bytes;
        try
        {
            var client = _httpClientFactory.CreateClient(HttpClientName);
            httpResponse = await client.SendAsync(message, HttpCompletionOption.ResponseContentRead, attemptToken);
            bytes = await httpResponse.Content.ReadAsByteArrayAsync(attemptToken);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !callerToken.IsCancellationRequested))
        {
            var backoff = _nodes.MarkDead(node);
            Log.NodeFailed(_logger, node, ex is OperationCanceledException ? "no answer in time" : ex.Message, backoff);
            throw;
        }

        using (httpResponse)
        {
            var status = (int)httpResponse.StatusCode;
            if (status is 502 or 503 or 504)
            {
                var backoff = _nodes.MarkDead(node);
                Log.NodeFailed(_logger, node, "HTTP " + status.ToString(System.Globalization.CultureInfo.InvariantCulture), backoff);
            }
            else
            {
                _nodes.MarkAlive(node);
            }
            VerifyProduct(httpResponse, node);
            return new ElasticsearchResponse(status, bytes, node) { RetryAfter = RetryAfter(httpResponse) };
        }
    }

    /// <summary>
    /// Elasticsearch 7.14+ names itself in every answer it produces. 401/403 may come from security before
    /// that, and 429/5xx from proxies, so only other answers decide; the first one that does is checked.
    /// </summary>
    private void VerifyProduct(HttpResponseMessage response, Uri node)
    {
        var status = (int)response.StatusCode;
        if (_productVerified || status is 401 or 403 or 408 or 429 || status >= 500)
        {
            return;
        }
        if (response.Headers.TryGetValues(ProductHeader, out var values) && values.Contains("Elasticsearch", StringComparer.Ordinal))
        {
            _productVerified = true;
            Log.ProductVerified(_logger, node);
            return;
        }
        throw new ElasticsearchProductCheckException(
            $"The server at {node} is not Elasticsearch: its answer (HTTP {status}) has no '{ProductHeader}: Elasticsearch' header. " +
            "Ingestor supports Elasticsearch 8.x and 9.x; check Elasticsearch:Nodes.");
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }
        return null;
    }

    internal static ElasticsearchException ToException(string endpoint, ElasticsearchResponse response)
    {
        var (type, reason) = ParseError(response.Body);
        if (reason.Length == 0)
        {
            reason = response.StatusCode switch
            {
                401 => "authentication failed: check Elasticsearch:ApiKey or Elasticsearch:Username/Password",
                403 => "the credentials lack a privilege this operation needs",
                _ => ((HttpStatusCode)response.StatusCode).ToString(),
            };
        }
        return new ElasticsearchException(endpoint, response.StatusCode, type, reason, response.Node);
    }

    /// <summary>Reads {"error": {"type", "reason", ...}} (or {"error": "text"}) from an error body.</summary>
    internal static (string Type, string Reason) ParseError(byte[] body)
    {
        if (body.Length == 0)
        {
            return ("", "");
        }
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("error", out var error))
            {
                return ("", Truncate(Encoding.UTF8.GetString(body)));
            }
            if (error.ValueKind == JsonValueKind.String)
            {
                return ("", error.GetString() ?? "");
            }
            var cause = error.Deserialize<ElasticsearchErrorCause>(ElasticsearchJson.Wire);
            return cause is null ? ("", "") : (cause.Type, cause.Describe());
        }
        catch (JsonException)
        {
            return ("", Truncate(Encoding.UTF8.GetString(body)));
        }
    }

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..500] + "…";

    private async Task<T> ReadAsync<T>(ElasticsearchRequest request, CancellationToken cancellationToken) =>
        (await SendAsync(request, cancellationToken)).Read<T>();

    // The endpoints Ingestor uses.

    public Task<InfoResponse> InfoAsync(CancellationToken cancellationToken) =>
        ReadAsync<InfoResponse>(ElasticsearchRequests.Info(), cancellationToken);

    public Task<AcknowledgedResponse> PutComponentTemplateAsync(string name, JsonObject body, CancellationToken cancellationToken) =>
        ReadAsync<AcknowledgedResponse>(ElasticsearchRequests.PutComponentTemplate(name, body), cancellationToken);

    public Task<AcknowledgedResponse> PutIndexTemplateAsync(string name, JsonObject body, CancellationToken cancellationToken) =>
        ReadAsync<AcknowledgedResponse>(ElasticsearchRequests.PutIndexTemplate(name, body), cancellationToken);

    public async Task<bool> IndexExistsAsync(string index, CancellationToken cancellationToken) =>
        (await SendAsync(ElasticsearchRequests.IndexExists(index), cancellationToken)).StatusCode == 200;

    /// <summary>Creates an index; false when it already exists.</summary>
    public async Task<bool> CreateIndexAsync(string index, JsonObject body, CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync(ElasticsearchRequests.CreateIndex(index, body), cancellationToken);
            return true;
        }
        catch (ElasticsearchException ex) when (ex.ErrorType == "resource_already_exists_exception")
        {
            return false;
        }
    }

    /// <summary>Deletes an index; false when it was not there.</summary>
    public async Task<bool> DeleteIndexAsync(string index, CancellationToken cancellationToken)
    {
        var response = await SendAsync(ElasticsearchRequests.DeleteIndex(index), cancellationToken);
        return response.IsSuccess;
    }

    /// <summary>The indices an alias points at, with the alias definition on each; empty when the alias does not exist.</summary>
    public async Task<IReadOnlyDictionary<string, IndexAliases>> GetAliasAsync(string alias, CancellationToken cancellationToken)
    {
        var response = await SendAsync(ElasticsearchRequests.GetAlias(alias), cancellationToken);
        if (!response.IsSuccess)
        {
            return new Dictionary<string, IndexAliases>();
        }
        return response.Read<Dictionary<string, IndexAliases>>();
    }

    public Task<AcknowledgedResponse> UpdateAliasesAsync(JsonObject body, CancellationToken cancellationToken) =>
        ReadAsync<AcknowledgedResponse>(ElasticsearchRequests.UpdateAliases(body), cancellationToken);

    public Task<BulkResponse> BulkAsync(string index, IReadOnlyList<JsonNode> lines, ElasticsearchRefresh refresh, CancellationToken cancellationToken) =>
        ReadAsync<BulkResponse>(ElasticsearchRequests.Bulk(index, lines, refresh), cancellationToken);

    public Task<WriteResponse> IndexDocumentAsync(string index, string id, JsonObject document, ElasticsearchRefresh refresh, CancellationToken cancellationToken) =>
        ReadAsync<WriteResponse>(ElasticsearchRequests.IndexDocument(index, id, document, refresh), cancellationToken);

    /// <summary>A stored document, or null when there is none with that id.</summary>
    public async Task<GetResponse?> GetDocumentAsync(string index, string id, CancellationToken cancellationToken)
    {
        var request = ElasticsearchRequests.GetDocument(index, id);
        var response = await SendAsync(request, cancellationToken);
        if (response.StatusCode == 404)
        {
            if (response.IsErrorDocument())
            {
                throw ToException(request.Endpoint, response); // the index itself is missing
            }
            return null;
        }
        var get = response.Read<GetResponse>();
        return get.Found ? get : null;
    }

    /// <summary>Deletes a document; false when there was none with that id.</summary>
    public async Task<bool> DeleteDocumentAsync(string index, string id, ElasticsearchRefresh refresh, CancellationToken cancellationToken)
    {
        var request = ElasticsearchRequests.DeleteDocument(index, id, refresh);
        var response = await SendAsync(request, cancellationToken);
        if (response.StatusCode == 404)
        {
            if (response.IsErrorDocument())
            {
                throw ToException(request.Endpoint, response);
            }
            return false;
        }
        return response.Read<WriteResponse>().Result == "deleted";
    }

    public Task<SearchResponse> SearchAsync(string? index, JsonObject body, CancellationToken cancellationToken) =>
        ReadAsync<SearchResponse>(ElasticsearchRequests.Search(index, body), cancellationToken);

    public async Task<long> CountAsync(string index, JsonObject? body, CancellationToken cancellationToken) =>
        (await ReadAsync<CountResponse>(ElasticsearchRequests.Count(index, body), cancellationToken)).Count;

    public async Task<string> OpenPointInTimeAsync(string index, TimeSpan keepAlive, CancellationToken cancellationToken) =>
        (await ReadAsync<OpenPointInTimeResponse>(ElasticsearchRequests.OpenPointInTime(index, keepAlive), cancellationToken)).Id;

    public async Task ClosePointInTimeAsync(string id, CancellationToken cancellationToken) =>
        await SendAsync(ElasticsearchRequests.ClosePointInTime(id), cancellationToken);

    public Task<ReindexResponse> ReindexAsync(JsonObject body, CancellationToken cancellationToken) =>
        ReadAsync<ReindexResponse>(ElasticsearchRequests.Reindex(body, _options.ReindexTimeout), cancellationToken);

    public async Task RefreshAsync(string index, CancellationToken cancellationToken) =>
        await SendAsync(ElasticsearchRequests.Refresh(index), cancellationToken);

    public Task<ClusterHealthResponse> ClusterHealthAsync(string? waitForStatus, TimeSpan timeout, CancellationToken cancellationToken) =>
        ReadAsync<ClusterHealthResponse>(ElasticsearchRequests.ClusterHealth(waitForStatus, timeout), cancellationToken);
}

using System.Text;
using System.Text.Json.Nodes;
using Ingestor.Index.Elasticsearch;

namespace Ingestor.Tests.Index.Elasticsearch;

/// <summary>The HTTP client against a real local server impersonating Elasticsearch.</summary>
public sealed class ElasticsearchClientTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task InfoAsync_ServerWithoutProductHeader_IsRefusedWithClearMessage()
    {
        await using var server = await FakeElasticsearch.StartAsync();
        server.Handler = _ => FakeResponse.Ok(new JsonObject { ["name"] = "impostor" }) with { ProductHeader = false };
        await using var host = EsTestHost.Create(o => o.Nodes = [server.Url.ToString()]);

        var ex = await Assert.ThrowsAsync<ElasticsearchProductCheckException>(() => host.Client.InfoAsync(None));

        Assert.Contains("is not Elasticsearch", ex.Message, StringComparison.Ordinal);
        Assert.Contains("X-Elastic-Product", ex.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests); // refused without retrying
    }

    [Fact]
    public async Task InfoAsync_UnauthorizedWithoutProductHeader_ReportsAuthenticationNotProduct()
    {
        await using var server = await FakeElasticsearch.StartAsync();
        server.Handler = _ => new FakeResponse(401) { ProductHeader = false };
        await using var host = EsTestHost.Create(o => o.Nodes = [server.Url.ToString()]);

        var ex = await Assert.ThrowsAsync<ElasticsearchException>(() => host.Client.InfoAsync(None));

        Assert.IsNotType<ElasticsearchProductCheckException>(ex);
        Assert.Equal(401, ex.StatusCode);
        Assert.Contains("authentication failed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InfoAsync_Elasticsearch_ReadsVersion()
    {
        await using var server = await FakeElasticsearch.StartAsync();
        await using var host = EsTestHost.Create(o => o.Nodes = [server.Url.ToString()]);

        var info = await host.Client.InfoAsync(None);

        Assert.Equal("9.1.0", info.Version.Number);
        Assert.Equal("fake", info.ClusterName);
    }

    [Fact]
    public async Task SendAsync_JsonAndNdjsonBodies_SendCompatibilityHeaders()
    {
        await using var server = await FakeElasticsearch.StartAsync();
        await using var host = EsTestHost.Create(o => o.Nodes = [server.Url.ToString()]);

        await host.Index.InitializeAsync(None);
        await host.Index.IndexAsync([TestArticles.Full()], None);

        var requests = server.Requests.ToList();
        Assert.All(requests, r => Assert.Equal("application/vnd.elasticsearch+json; compatible-with=8", r.Header("Accept")));
        var put = requests.First(r => r.Method == "PUT");
        Assert.Equal("application/vnd.elasticsearch+json; compatible-with=8", put.Header("Content-Type"));
        var bulk = requests.Single(r => r.Path.EndsWith("/_bulk", StringComparison.Ordinal));
        Assert.Equal("application/vnd.elasticsearch+x-ndjson; compatible-with=8", bulk.Header("Content-Type"));
        Assert.EndsWith("\n", bulk.BodyText, StringComparison.Ordinal);
        Assert.Equal("true", bulk.Query["require_alias"]);
        Assert.Equal("wait_for", bulk.Query["refresh"]);
    }

    [Theory]
    [InlineData("VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==", "ApiKey VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==")]
    [InlineData("VuaCfGcBCdbkQm-e5aOx:ui2lp2axTNmsyakw9tvNnw", "ApiKey VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==")]
    public async Task SendAsync_ApiKey_SendsApiKeyAuthorization(string apiKey, string expected)
    {
        await using var server = await FakeElasticsearch.StartAsync();
        await using var host = EsTestHost.Create(o =>
        {
            o.Nodes = [server.Url.ToString()];
            o.ApiKey = apiKey;
        });

        await host.Client.InfoAsync(None);

        Assert.Equal(expected, server.Requests.Single().Header("Authorization"));
    }

    [Fact]
    public async Task SendAsync_UsernameAndPassword_SendsBasicAuthorization()
    {
        await using var server = await FakeElasticsearch.StartAsync();
        await using var host = EsTestHost.Create(o =>
        {
            o.Nodes = [server.Url.ToString()];
            o.Username = "elastic";
            o.Password = "pä:ss";
        });

        await host.Client.InfoAsync(None);

        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("elastic:pä:ss")), server.Requests.Single().Header("Authorization"));
    }

    [Fact]
    public async Task SendAsync_NoCredentials_SendsNoAuthorization()
    {
        await using var server = await FakeElasticsearch.StartAsync();
        await using var host = EsTestHost.Create(o => o.Nodes = [server.Url.ToString()]);

        await host.Client.InfoAsync(None);

        Assert.Null(server.Requests.Single().Header("Authorization"));
    }

    [Fact]
    public async Task SendAsync_TooManyRequestsThenSuccess_Retries()
    {
        await using var server = await FakeElasticsearch.StartAsync();
        var calls = 0;
        server.Handler = _ => Interlocked.Increment(ref calls) == 1
            ? FakeResponse.Error(429, "es_rejected_execution_exception", "rejected execution") with { RetryAfter = "0" }
            : null;
        server.Cluster.Indices["idx"] = new(StringComparer.Ordinal) { ["1"] = new JsonObject() };
        await using var host = EsTestHost.Create(o => o.Nodes = [server.Url.ToString()]);

        var count = await host.Client.CountAsync("idx", null, None);

        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(1, count); // answered by the second attempt
    }

    [Theory]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task SendAsync_GatewayErrorsThenSuccess_Retries(int status)
    {
        await using var server = await FakeElasticsearch.StartAsync();
        var calls = 0;
        server.Handler = _ => Interlocked.Increment(ref calls) <= 2 ? new FakeResponse(status) { ProductHeader = false } : null;
        await using var host = EsTestHost.Create(o =>
        {
            o.Nodes = [server.Url.ToString()];
            o.DeadNodeBackoff = TimeSpan.FromMilliseconds(1); // a single node: it must be tried again at once
        });

        var info = await host.Client.InfoAsync(None);

        Assert.Equal("fake", info.ClusterName);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task SendAsync_AlwaysUnavailable_GivesUpWithTypedError()
    {
        await using var server = await FakeElasticsearch.StartAsync();
        server.Handler = _ => FakeResponse.Error(503, "cluster_block_exception", "blocked by: [SERVICE_UNAVAILABLE/1/state not recovered]");
        await using var host = EsTestHost.Create(o =>
        {
            o.Nodes = [server.Url.ToString()];
            o.MaxRetries = 2;
            o.DeadNodeBackoff = TimeSpan.FromMilliseconds(1);
        });

        var ex = await Assert.ThrowsAsync<ElasticsearchException>(() => host.Client.InfoAsync(None));

        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(503, ex.StatusCode);
        Assert.Equal("cluster_block_exception", ex.ErrorType);
        Assert.Contains("state not recovered", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_BadRequest_ThrowsWithTypeAndReasonWithoutRetry()
    {
        await using var server = await FakeElasticsearch.StartAsync();
        await using var host = EsTestHost.Create(o => o.Nodes = [server.Url.ToString()]);

        var ex = await Assert.ThrowsAsync<ElasticsearchException>(() => host.Client.CountAsync("missing", null, None));

        Assert.Equal(404, ex.StatusCode);
        Assert.Equal("index_not_found_exception", ex.ErrorType);
        Assert.Equal("no such index [missing]", ex.Reason);
        Assert.Equal("count", ex.Endpoint);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task SendAsync_FirstNodeDown_FailsOverAndRestsIt()
    {
        await using var good = await FakeElasticsearch.StartAsync();
        var down = await FakeElasticsearch.StartAsync();
        var downUrl = down.Url;
        await down.DisposeAsync(); // connection refused from now on
        await using var host = EsTestHost.Create(o => o.Nodes = [downUrl.ToString(), good.Url.ToString()]);

        for (var i = 0; i < 4; i++)
        {
            await host.Client.InfoAsync(None);
        }

        Assert.Equal(4, good.Requests.Count); // one failover, then the dead node is skipped
    }

    [Fact]
    public async Task SendAsync_NodeAnswering503_IsRestedWhileOthersServe()
    {
        await using var sick = await FakeElasticsearch.StartAsync();
        sick.Handler = _ => new FakeResponse(503) { ProductHeader = false };
        await using var good = await FakeElasticsearch.StartAsync();
        await using var host = EsTestHost.Create(o => o.Nodes = [sick.Url.ToString(), good.Url.ToString()]);

        for (var i = 0; i < 5; i++)
        {
            await host.Client.InfoAsync(None);
        }

        Assert.Single(sick.Requests);
        Assert.Equal(5, good.Requests.Count);
    }

    [Fact]
    public async Task SendAsync_HealthyNodes_AreUsedRoundRobin()
    {
        await using var a = await FakeElasticsearch.StartAsync();
        await using var b = await FakeElasticsearch.StartAsync();
        await using var host = EsTestHost.Create(o => o.Nodes = [a.Url.ToString(), b.Url.ToString()]);

        for (var i = 0; i < 6; i++)
        {
            await host.Client.InfoAsync(None);
        }

        Assert.Equal(3, a.Requests.Count);
        Assert.Equal(3, b.Requests.Count);
    }

    [Fact]
    public async Task SendAsync_AllNodesDown_ThrowsUnavailable()
    {
        var down = await FakeElasticsearch.StartAsync();
        var url = down.Url;
        await down.DisposeAsync();
        await using var host = EsTestHost.Create(o =>
        {
            o.Nodes = [url.ToString()];
            o.MaxRetries = 1;
        });

        var ex = await Assert.ThrowsAsync<ElasticsearchUnavailableException>(() => host.Client.InfoAsync(None));

        Assert.Contains("no node answered", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_SlowNode_TimesOutAndFailsOver()
    {
        await using var slow = await FakeElasticsearch.StartAsync();
        slow.Handler = _ => FakeResponse.Ok(new JsonObject()) with { Delay = TimeSpan.FromSeconds(5) };
        await using var good = await FakeElasticsearch.StartAsync();
        await using var host = EsTestHost.Create(o =>
        {
            o.Nodes = [slow.Url.ToString(), good.Url.ToString()];
            o.RequestTimeout = TimeSpan.FromMilliseconds(300);
        });

        var info = await host.Client.InfoAsync(None);

        Assert.Equal("fake", info.ClusterName);
        Assert.Single(slow.Requests);
    }

    [Fact]
    public async Task SendAsync_CallerCancels_ThrowsOperationCanceled()
    {
        await using var slow = await FakeElasticsearch.StartAsync();
        slow.Handler = _ => FakeResponse.Ok(new JsonObject()) with { Delay = TimeSpan.FromSeconds(5) };
        await using var host = EsTestHost.Create(o => o.Nodes = [slow.Url.ToString()]);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.Client.InfoAsync(cts.Token));

        Assert.Single(slow.Requests); // cancellation is not a node failure and is not retried
    }

    [Fact]
    public async Task GetDocumentAsync_MissingDocument_ReturnsNullButMissingIndexThrows()
    {
        await using var server = await FakeElasticsearch.StartAsync();
        server.Cluster.Indices["idx"] = new(StringComparer.Ordinal);
        await using var host = EsTestHost.Create(o => o.Nodes = [server.Url.ToString()]);

        Assert.Null(await host.Client.GetDocumentAsync("idx", "nope", None));
        var ex = await Assert.ThrowsAsync<ElasticsearchException>(() => host.Client.GetDocumentAsync("other", "nope", None));
        Assert.Equal("index_not_found_exception", ex.ErrorType);
    }
}

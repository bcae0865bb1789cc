using System.Net;
using Ingestor.Configuration;
using Ingestor.Host.Hosting;

namespace Ingestor.Tests.Host;

public sealed class ApiSecurityTests
{
    [Fact]
    public void Build_OpenApiBeyondLocalhost_IsRefused()
    {
        using var temp = new TempFolder();

        var ex = Assert.Throws<InvalidOperationException>(() =>
            IngestorHost.Build(new IngestorPaths(temp.Path, TestFiles.ConfigDirectory), HostRole.Api, "http://0.0.0.0:0"));

        Assert.Contains("Api:ApiKeys", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_WithKeysConfigured_RequiresAValidKeyButHealthStaysOpen()
    {
        using var temp = new TempFolder();
        await using var app = await IngestorApp.StartAsync(temp.Path, HostRole.Api, new Dictionary<string, string?> { ["Api:ApiKeys:0"] = "s3cret-key" });

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client.GetAsync("/api/search")).StatusCode);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/search");
        wrong.Headers.Add("X-Api-Key", "s3cret-kex");
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client.SendAsync(wrong)).StatusCode);
        using var right = new HttpRequestMessage(HttpMethod.Get, "/api/search");
        right.Headers.Add("X-Api-Key", "s3cret-key");
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(right)).StatusCode);
        using var bearer = new HttpRequestMessage(HttpMethod.Get, "/api/search");
        bearer.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "s3cret-key");
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(bearer)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Api_OverTheRateLimit_Is429WithRetryAfter()
    {
        using var temp = new TempFolder();
        await using var app = await IngestorApp.StartAsync(temp.Path, HostRole.Api, new Dictionary<string, string?> { ["Api:RequestsPerMinute"] = "5" });

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            statuses.Add((await app.Client.GetAsync("/api/search")).StatusCode);
        }

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        var limited = await app.Client.GetAsync("/api/search");
        Assert.True(limited.Headers.RetryAfter is not null);
    }

    [Fact]
    public async Task Api_Responses_CarryNoCorsHeadersByDefault()
    {
        using var temp = new TempFolder();
        await using var app = await IngestorApp.StartAsync(temp.Path, HostRole.Api);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/search");
        request.Headers.Add("Origin", "https://evil.example");

        var response = await app.Client.SendAsync(request);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }
}

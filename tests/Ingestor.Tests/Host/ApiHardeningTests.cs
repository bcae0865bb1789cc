using System.Net;
using System.Text;
using Ingestor.Host.Hosting;
using Ingestor.Index;
using Ingestor.Index.Sqlite;
using Ingestor.Tests.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ingestor.Tests.Host;

/// <summary>The query API's limits through the real host on 127.0.0.1: per-key rate limits, body and paging caps, CORS, no stack traces, no secrets in logs.</summary>
public sealed class ApiHardeningTests
{
    private static HttpRequestMessage WithKey(HttpMethod method, string path, string key)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Api-Key", key);
        return request;
    }

    [Fact]
    public async Task Api_RateLimit_IsCountedPerKey()
    {
        using var temp = new TempFolder();
        await using var app = await IngestorApp.StartAsync(temp.Path, HostRole.Api, new Dictionary<string, string?>
        {
            ["Api:ApiKeys:0"] = "key-one-1111",
            ["Api:ApiKeys:1"] = "key-two-2222",
            ["Api:RequestsPerMinute"] = "3",
        });

        var first = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var request = WithKey(HttpMethod.Get, "/api/search", "key-one-1111");
            first.Add((await app.Client.SendAsync(request)).StatusCode);
        }
        using var other = WithKey(HttpMethod.Get, "/api/search", "key-two-2222");
        var second = (await app.Client.SendAsync(other)).StatusCode;

        Assert.Equal(3, first.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.TooManyRequests, first[^1]);
        Assert.Equal(HttpStatusCode.OK, second); // one busy key does not starve another
    }

    [Fact]
    public async Task Api_BodyOverTheLimit_Is413WithoutStackTrace()
    {
        using var temp = new TempFolder();
        await using var app = await IngestorApp.StartAsync(temp.Path, HostRole.Api, new Dictionary<string, string?> { ["Api:MaxRequestBodyBytes"] = "4096" });
        var body = "{\"name\":\"big\",\"query\":\"" + new string('a', 64 * 1024) + "\"}";

        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await app.Client.PostAsync("/api/alerts", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("Api:MaxRequestBodyBytes", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("page=501", "'page' must be between 1 and 500")]
    [InlineData("size=101", "'size' must be between 1 and 100")]
    [InlineData("page=99999999999", "'page'")]
    public async Task Search_PastThePageSizeOrDeepPagingCap_Is400(string query, string message)
    {
        using var temp = new TempFolder();
        await using var app = await IngestorApp.StartAsync(temp.Path, HostRole.Api);

        var response = await app.Client.GetAsync("/api/search?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_CorsPreflightFromAnyOrigin_GetsNoCorsHeadersByDefault()
    {
        using var temp = new TempFolder();
        await using var app = await IngestorApp.StartAsync(temp.Path, HostRole.Api);
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/search");
        preflight.Headers.Add("Origin", "https://evil.example");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        preflight.Headers.Add("Access-Control-Request-Headers", "X-Api-Key");

        var response = await app.Client.SendAsync(preflight);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Headers"));
    }

    [Fact]
    public async Task Api_UnexpectedError_Is500WithoutStackTraceOrExceptionDetail()
    {
        using var temp = new TempFolder();
        FaultyIndex? faulty = null;
        await using var app = await IngestorApp.StartAsync(temp.Path, HostRole.Api, configureServices: services =>
        {
            services.AddSingleton(sp => faulty = new FaultyIndex(sp.GetRequiredService<SqliteSearchIndex>()));
            services.AddSingleton<ISearchIndex>(sp => sp.GetRequiredService<FaultyIndex>());
        });
        _ = app.Services.GetRequiredService<ISearchIndex>();
        faulty!.FailReads(new InvalidOperationException("internal detail /var/lib/ingestor/index.db password=hunter2"));

        var response = await app.Client.GetAsync("/api/search?q=harbour");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("Internal error", text, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_AtTraceLevel_NeverContainApiKeysOrTheElasticsearchPassword()
    {
        using var temp = new TempFolder();
        using var log = new LogCapture();
        const string Key = "k3y-Zq9-never-logged";
        const string Wrong = "wr0ng-Xy7-never-logged";
        const string Password = "pa55-Wv1-never-logged";
        await using (var app = await IngestorApp.StartAsync(temp.Path, HostRole.All, new Dictionary<string, string?>
        {
            ["Api:ApiKeys:0"] = Key,
            ["Elasticsearch:Password"] = Password,
            ["Elasticsearch:Username"] = "ingestor",
            ["Logging:LogLevel:Default"] = "Trace",
        }, services => services.AddSingleton<ILoggerProvider>(log)))
        {
            using (var right = WithKey(HttpMethod.Get, "/api/search?q=harbour", Key))
            {
                Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(right)).StatusCode);
            }
            using (var wrong = WithKey(HttpMethod.Get, "/api/search", Wrong))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client.SendAsync(wrong)).StatusCode);
            }
            using var bearer = new HttpRequestMessage(HttpMethod.Get, "/metrics");
            bearer.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Key);
            Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(bearer)).StatusCode);
        }

        var text = log.Text;
        Assert.NotEmpty(log.Entries); // Trace really was on
        Assert.DoesNotContain(Key, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Wrong, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_ElasticsearchFailingWithCredentials_NeverContainThePasswordOrAuthorizationHeader()
    {
        using var temp = new TempFolder();
        using var log = new LogCapture();
        const string Password = "pa55-Es7-never-logged";
        await using (var app = await IngestorApp.StartAsync(temp.Path, HostRole.All, new Dictionary<string, string?>
        {
            ["Index:Engine"] = "elasticsearch",
            // Nothing listens here: every call fails and is logged, with the credentials configured.
            ["Elasticsearch:Nodes:0"] = $"http://127.0.0.1:{Ingestor.Tests.Reliability.IngestorProcess.FreePort()}",
            ["Elasticsearch:Username"] = "ingestor",
            ["Elasticsearch:Password"] = Password,
            ["Pipeline:ShutdownTimeout"] = "00:00:01",
            ["Logging:LogLevel:Default"] = "Trace",
        }, services => services.AddSingleton<ILoggerProvider>(log)))
        {
            await File.WriteAllTextAsync(Path.Combine(app.Paths.Inbox, "story.txt"), "The harbour council met on Tuesday to discuss the ferry timetable and the budget.");
            Assert.True(await IngestorApp.EventuallyAsync(() => Task.FromResult(
                log.Entries.Count(e => e.Category.Contains("Elasticsearch", StringComparison.Ordinal) && e.Level >= LogLevel.Warning) >= 2)));
            await app.Client.GetAsync("/readyz");
        }

        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("ingestor:" + Password));
        Assert.DoesNotContain(Password, log.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(basic, log.Text, StringComparison.Ordinal);
    }
}

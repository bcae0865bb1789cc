using System.Net;
using Ingestor.Collect.Feeds;
using Ingestor.Collect.Http;
using Ingestor.Tests.Collect.Feeds;

namespace Ingestor.Tests.Collect.Http;

/// <summary>The SSRF guard: which addresses content URLs may reach, and its use on every redirect hop.</summary>
public sealed class AddressGuardTests
{
    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.5.6.7", "loopback")]
    [InlineData("10.1.2.3", "private")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("192.168.1.1", "private")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("100.64.0.1", "CGNAT")]
    [InlineData("100.100.100.200", "cloud metadata")]
    [InlineData("168.63.129.16", "cloud metadata")]
    [InlineData("224.0.0.251", "multicast")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("255.255.255.255", "reserved")]
    [InlineData("::1", "loopback")]
    [InlineData("::", "unspecified")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("fd12:3456::1", "private")]
    [InlineData("fd00:ec2::254", "cloud metadata")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("::ffff:10.0.0.1", "private")]
    public void Refusal_InternalAddress_IsRefusedWithItsKind(string address, string kind)
    {
        Assert.Equal(kind, new AddressGuard([]).Refusal(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("2606:4700::6810:84e5")]
    public void Refusal_PublicAddress_IsAllowed(string address)
    {
        Assert.Null(new AddressGuard([]).Refusal(IPAddress.Parse(address)));
    }

    [Fact]
    public void Refusal_AllowedNetworks_OverrideTheRules()
    {
        var guard = new AddressGuard(["127.0.0.1", "10.20.0.0/16"]);

        Assert.Null(guard.Refusal(IPAddress.Parse("127.0.0.1")));
        Assert.Null(guard.Refusal(IPAddress.Parse("10.20.3.4")));
        Assert.Equal("private", guard.Refusal(IPAddress.Parse("10.21.0.1")));
        Assert.Equal("loopback", guard.Refusal(IPAddress.Parse("127.0.0.2")));
    }

    [Fact]
    public async Task Fetch_ContentUrlToLoopback_IsRefusedBeforeAnyRequest()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapText("/page", "hello", "text/html");
        await using var harness = await PollerHarness.StartAsync(server, [], new Dictionary<string, string?> { ["Fetch:AllowedNetworks:0"] = null });

        var error = await Assert.ThrowsAsync<FetchException>(() => harness.Fetcher.FetchAsync(new FetchRequest(server.Url("/page")), CancellationToken.None));

        Assert.Equal(FetchFailure.Refused, error.Failure);
        Assert.Contains("loopback", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Count("/page"));
    }

    [Fact]
    public async Task Poll_TrustedFeedRedirectingToLoopback_RedirectIsRefused()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapRedirect("/feed", server.LocalhostUrl("/internal-feed").AbsoluteUri);
        server.MapText("/internal-feed", TestFeeds.WithContent("internal", 1));
        await using var harness = await PollerHarness.StartAsync(server, [new TestSource("hop", server.Url("/feed"))],
            new Dictionary<string, string?> { ["Fetch:AllowedNetworks:0"] = null });

        Assert.Equal(PollOutcome.Failed, await harness.PollAsync("hop"));

        Assert.Equal(1, server.Count("/feed"));
        Assert.Equal(0, server.Count("/internal-feed"));
        Assert.Contains("loopback", (await harness.StateAsync("hop")).LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Poll_GuardConfiguredFeeds_RefusesALoopbackFeedUrl()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapText("/feed", TestFeeds.WithContent("guarded", 1));
        await using var harness = await PollerHarness.StartAsync(server, [new TestSource("guarded", server.Url("/feed"))],
            new Dictionary<string, string?> { ["Fetch:AllowedNetworks:0"] = null, ["Fetch:GuardConfiguredFeeds"] = "true" });

        Assert.Equal(PollOutcome.Failed, await harness.PollAsync("guarded"));

        Assert.Equal(0, server.Count("/feed"));
    }

    [Fact]
    public async Task Poll_RedirectToAFileUrl_IsRefused()
    {
        await using var server = await TestWebServer.StartAsync();
        server.MapRedirect("/feed", "file:///etc/passwd");
        await using var harness = await PollerHarness.StartAsync(server, [new TestSource("file-hop", server.Url("/feed"))]);

        Assert.Equal(PollOutcome.Failed, await harness.PollAsync("file-hop"));

        Assert.Contains("only http and https", (await harness.StateAsync("file-hop")).LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GuardedClient_ConnectStepItself_RefusesLoopback()
    {
        // Past the pre-check (as after a DNS answer that changed): the connection step checks again and refuses.
        await using var server = await TestWebServer.StartAsync();
        server.MapText("/page", "hello", "text/html");
        await using var harness = await PollerHarness.StartAsync(server, [], new Dictionary<string, string?> { ["Fetch:AllowedNetworks:0"] = null });
        var client = harness.Get<IHttpClientFactory>().CreateClient(HttpFetcher.GuardedClient);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(server.LocalhostUrl("/page")));

        Assert.IsType<AddressRefusedException>(error.InnerException);
        Assert.Equal(0, server.Count("/page"));
        var trusted = harness.Get<IHttpClientFactory>().CreateClient(HttpFetcher.TrustedClient);
        Assert.Equal("hello", await trusted.GetStringAsync(server.Url("/page")));
    }
}

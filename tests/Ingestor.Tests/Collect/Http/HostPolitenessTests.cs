using System.Diagnostics;
using Ingestor.Collect.Http;
using Microsoft.Extensions.Options;

namespace Ingestor.Tests.Collect.Http;

public sealed class HostPolitenessTests
{
    private static HostPoliteness Create(int concurrency, TimeSpan delay) =>
        new(Options.Create(new FetchOptions { PerHostConcurrency = concurrency, PerHostDelay = delay }), TimeProvider.System);

    [Fact]
    public async Task EnterAsync_SameHost_StartsAreSpacedByTheMinimumDelay()
    {
        var politeness = Create(4, TimeSpan.FromMilliseconds(150));
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 3; i++)
        {
            using var lease = await politeness.EnterAsync(new Uri("http://news.test/" + i), CancellationToken.None);
        }

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(290), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task EnterAsync_OtherHost_DoesNotWait()
    {
        var politeness = Create(1, TimeSpan.FromSeconds(30));
        using var first = await politeness.EnterAsync(new Uri("http://a.test/"), CancellationToken.None);

        var watch = Stopwatch.StartNew();
        using var other = await politeness.EnterAsync(new Uri("http://b.test/"), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task EnterAsync_ConcurrencyLimit_SecondWaitsForTheFirst()
    {
        var politeness = Create(1, TimeSpan.Zero);
        var first = await politeness.EnterAsync(new Uri("http://a.test/1"), CancellationToken.None);

        var second = politeness.EnterAsync(new Uri("http://a.test/2"), CancellationToken.None);
        await Task.Delay(100);
        Assert.False(second.IsCompleted);
        first.Dispose();

        (await second.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }
}

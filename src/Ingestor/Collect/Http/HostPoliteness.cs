using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Ingestor.Collect.Http;

/// <summary>
/// Per-host manners: at most <see cref="FetchOptions.PerHostConcurrency"/> requests in flight to one host,
/// and request starts at least <see cref="FetchOptions.PerHostDelay"/> apart.
/// </summary>
public sealed class HostPoliteness(IOptions<FetchOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, HostSlot> _hosts = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Waits for a slot on the host and for the minimum delay; dispose the result when the request is done.</summary>
    public async Task<IDisposable> EnterAsync(Uri url, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var slot = _hosts.GetOrAdd(url.IdnHost, _ => new HostSlot(Math.Max(1, settings.PerHostConcurrency)));
        await slot.Concurrency.WaitAsync(cancellationToken);
        try
        {
            while (true)
            {
                TimeSpan wait;
                lock (slot)
                {
                    var now = time.GetUtcNow();
                    var next = slot.LastStart + settings.PerHostDelay;
                    wait = next - now;
                    if (wait <= TimeSpan.Zero)
                    {
                        slot.LastStart = now;
                        break;
                    }
                }
                await Task.Delay(wait, time, cancellationToken);
            }
        }
        catch
        {
            slot.Concurrency.Release();
            throw;
        }
        return new Lease(slot.Concurrency);
    }

    private sealed class HostSlot(int concurrency)
    {
        public SemaphoreSlim Concurrency { get; } = new(concurrency, concurrency);
        public DateTimeOffset LastStart { get; set; } = DateTimeOffset.MinValue;
    }

    private sealed class Lease(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                semaphore.Release();
            }
        }
    }
}

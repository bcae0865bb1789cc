using Microsoft.Extensions.Hosting;
using Quartz;

namespace Ingestor.Alerts;

/// <summary>Runs the delivery worker beside the indexer, on its own task: a slow destination never holds up indexing.</summary>
public sealed class AlertDeliveryService(AlertDispatcher dispatcher) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _running = Task.Run(() => dispatcher.RunAsync(_stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        await _running.WaitAsync(cancellationToken);
    }

    public void Dispose() => _stop.Dispose();
}

/// <summary>Wakes the delivery worker for retries that came due and throttled story updates, and for alerts another process recorded.</summary>
[DisallowConcurrentExecution]
public sealed class AlertSweepJob(AlertSignal signal) : IJob
{
    public static readonly JobKey Key = new("alert-sweep", "alerts");

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        signal.Notify();
        return ValueTask.CompletedTask;
    }
}

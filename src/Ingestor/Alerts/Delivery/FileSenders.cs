using System.Collections.Concurrent;
using Ingestor.Configuration;
using Microsoft.Extensions.Logging;

namespace Ingestor.Alerts.Delivery;

/// <summary>Appends each alert's JSON as one line to a file (relative paths are under the data folder).</summary>
public sealed class NdjsonSender(IngestorPaths paths) : IAlertSender, IDisposable
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    public DestinationType Type => DestinationType.Ndjson;

    public static string Resolve(IngestorPaths paths, string path)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return Path.GetFullPath(path, paths.DataDirectory);
    }

    public async Task SendAsync(AlertDestination destination, AlertPayload payload, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var file = Resolve(paths, destination.Path!);
        var gate = _locks.GetOrAdd(file, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await using var stream = new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.Read);
            await stream.WriteAsync(body, cancellationToken);
            await stream.WriteAsync("\n"u8.ToArray(), cancellationToken);
            await stream.FlushAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new AlertDeliveryException($"{file}: {ex.Message}", permanent: false, ex);
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose()
    {
        foreach (var gate in _locks.Values)
        {
            gate.Dispose();
        }
    }
}

/// <summary>Writes each alert to the service log (event 7010).</summary>
public sealed class LogSender(ILogger<LogSender> logger) : IAlertSender
{
    public DestinationType Type => DestinationType.Log;

    public Task SendAsync(AlertDestination destination, AlertPayload payload, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        Log.AlertLogged(logger, payload.Rule.Id, payload.Kind, payload.AlertId, payload.Summary());
        return Task.CompletedTask;
    }
}

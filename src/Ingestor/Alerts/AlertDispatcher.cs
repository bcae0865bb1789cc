using System.Text.Json;
using Ingestor.Alerts.Delivery;
using Ingestor.Articles;
using Ingestor.Configuration;
using Ingestor.Enrich.Stories;
using Ingestor.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ingestor.Alerts;

/// <summary>
/// The delivery worker: drains the alert outbox. Each destination's deliveries go out in alert order;
/// a failed one (after its quick Polly retries) is rescheduled with a doubling delay and holds back
/// the rest of that destination for the round, and after <see cref="AlertOptions.MaxAttempts"/> rounds
/// it is dead-lettered (<c>dead-letter/alerts.ndjson</c>). A delivery is marked sent only after the
/// destination took it, so a crash in between sends it again (at least once), never loses it.
/// Also records story updates whose throttle has passed.
/// </summary>
public sealed class AlertDispatcher(
    AlertOutbox outbox,
    AlertRuleStore rules,
    StoryStore stories,
    IEnumerable<IAlertSender> senders,
    AlertSignal signal,
    IOptions<AlertOptions> options,
    IngestorMetrics metrics,
    IngestorPaths paths,
    TimeProvider time,
    ILogger<AlertDispatcher> logger) : IDisposable
{
    private const int BatchSize = 200;
    private static readonly TimeSpan MaxRedeliveryDelay = TimeSpan.FromHours(1);

    private readonly Dictionary<DestinationType, IAlertSender> _senders = senders.ToDictionary(s => s.Type);
    private readonly SemaphoreSlim _round = new(1, 1);
    private readonly SemaphoreSlim _deadLetter = new(1, 1);

    /// <summary>Delivers whenever woken (new alerts, or the sweep job), until cancelled.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await DeliverAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.RoundFailed(logger, ex);
                }
                await signal.WaitAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown: what is not sent stays in the outbox for the next start.
        }
    }

    /// <summary>One round: throttled story updates now due, then every delivery due. Returns the deliveries sent.</summary>
    public async Task<int> DeliverAsync(CancellationToken cancellationToken)
    {
        await _round.WaitAsync(cancellationToken);
        try
        {
            await FlushDeferredAsync(cancellationToken);
            var sent = 0;
            var blocked = new HashSet<string>(StringComparer.Ordinal);
            while (true)
            {
                var due = (await outbox.DueAsync(BatchSize, cancellationToken)).Where(d => !blocked.Contains(d.Destination.Describe())).ToList();
                if (due.Count == 0)
                {
                    return sent;
                }
                var results = await Task.WhenAll(due.GroupBy(d => d.Destination.Describe())
                    .Select(g => DeliverInOrderAsync(g.Key, g.ToList(), cancellationToken)));
                sent += results.Sum(r => r.Sent);
                foreach (var result in results.Where(r => r.Blocked))
                {
                    blocked.Add(result.Destination);
                }
                if (results.All(r => r.Sent == 0))
                {
                    return sent;
                }
            }
        }
        finally
        {
            _round.Release();
        }
    }

    private async Task FlushDeferredAsync(CancellationToken cancellationToken)
    {
        var storyIds = await outbox.DeferredStoriesAsync(cancellationToken);
        if (storyIds.Count == 0)
        {
            return;
        }
        var summaries = (await stories.ListAsync(storyIds, null, null, storyIds.Count, cancellationToken)).ToDictionary(s => s.Id, StringComparer.Ordinal);
        await outbox.FlushDeferredAsync(await rules.GetRulesAsync(cancellationToken), id => summaries.GetValueOrDefault(id), cancellationToken);
    }

    private readonly record struct GroupResult(string Destination, int Sent, bool Blocked);

    private async Task<GroupResult> DeliverInOrderAsync(string destination, List<DueDelivery> deliveries, CancellationToken cancellationToken)
    {
        var sent = 0;
        foreach (var delivery in deliveries)
        {
            if (!await DeliverOneAsync(delivery, cancellationToken))
            {
                return new GroupResult(destination, sent, Blocked: true);
            }
            sent++;
        }
        return new GroupResult(destination, sent, Blocked: false);
    }

    /// <summary>True when delivered; false when rescheduled or dead-lettered.</summary>
    private async Task<bool> DeliverOneAsync(DueDelivery delivery, CancellationToken cancellationToken)
    {
        var destination = delivery.Destination.Describe();
        var type = new KeyValuePair<string, object?>("destination", delivery.Destination.Type.ToString().ToLowerInvariant());
        string error;
        var permanent = false;
        try
        {
            var payload = JsonSerializer.Deserialize<AlertPayload>(delivery.Payload, IngestorJson.Compact)
                          ?? throw new AlertDeliveryException("the recorded alert is empty", permanent: true);
            if (!_senders.TryGetValue(delivery.Destination.Type, out var sender))
            {
                throw new AlertDeliveryException($"no sender for {delivery.Destination.Type}", permanent: true);
            }
            await sender.SendAsync(delivery.Destination, payload, delivery.Payload, cancellationToken);
            await outbox.MarkSentAsync(delivery, cancellationToken);
            metrics.AlertsSent.Add(1, type);
            Log.Delivered(logger, delivery.AlertId, delivery.RuleId, destination);
            return true;
        }
        catch (AlertDeliveryException ex)
        {
            error = ex.Message;
            permanent = ex.Permanent;
        }
        catch (JsonException ex)
        {
            error = "the recorded alert cannot be read: " + ex.Message;
            permanent = true;
        }
        var attempts = delivery.Attempts + 1;
        var settings = options.Value;
        if (permanent || attempts >= settings.MaxAttempts)
        {
            await outbox.MarkFailedAsync(delivery, error, null, cancellationToken);
            await DeadLetterAsync(delivery, error, attempts, cancellationToken);
            metrics.AlertsFailed.Add(1, type);
            Log.DeliveryDead(logger, delivery.AlertId, delivery.RuleId, destination, attempts, error);
            return false;
        }
        var delay = TimeSpan.FromTicks(Math.Min(MaxRedeliveryDelay.Ticks, settings.RedeliveryDelay.Ticks * (1L << Math.Min(20, attempts - 1))));
        var retryAt = time.GetUtcNow() + delay;
        await outbox.MarkFailedAsync(delivery, error, retryAt, cancellationToken);
        Log.DeliveryRetry(logger, delivery.AlertId, delivery.RuleId, destination, attempts, retryAt, error);
        return false;
    }

    private async Task DeadLetterAsync(DueDelivery delivery, string error, int attempts, CancellationToken cancellationToken)
    {
        await _deadLetter.WaitAsync(cancellationToken);
        try
        {
            Directory.CreateDirectory(paths.DeadLetter);
            await using var stream = new FileStream(Path.Combine(paths.DeadLetter, "alerts.ndjson"), FileMode.Append, FileAccess.Write, FileShare.Read);
            using (var writer = new Utf8JsonWriter(stream))
            {
                writer.WriteStartObject();
                writer.WriteString("alert_id", delivery.AlertId);
                writer.WriteString("rule_id", delivery.RuleId);
                writer.WriteString("destination", delivery.Destination.Describe());
                writer.WriteString("error", error);
                writer.WriteNumber("attempts", attempts);
                writer.WriteString("at", UtcDateTimeOffsetConverter.FormatUtc(time.GetUtcNow()));
                writer.WritePropertyName("payload");
                try
                {
                    using var payload = JsonDocument.Parse(delivery.Payload);
                    payload.WriteTo(writer);
                }
                catch (JsonException)
                {
                    writer.WriteNullValue();
                }
                writer.WriteEndObject();
            }
            await stream.WriteAsync("\n"u8.ToArray(), cancellationToken);
        }
        finally
        {
            _deadLetter.Release();
        }
    }

    public void Dispose()
    {
        _round.Dispose();
        _deadLetter.Dispose();
    }
}

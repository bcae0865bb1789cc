using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ingestor.Articles;
using Ingestor.Enrich.Stories;
using Microsoft.Data.Sqlite;

namespace Ingestor.Alerts;

/// <summary>One delivery the worker should attempt now.</summary>
public sealed record DueDelivery(long AlertSeq, int DestinationIndex, AlertDestination Destination, int Attempts, string AlertId, string RuleId, byte[] Payload);

/// <summary>One destination's delivery of an alert, as history shows it.</summary>
public sealed record AlertDeliveryStatus(string Destination, string Type, string Status, int Attempts, string? LastError, DateTimeOffset? SentAt);

/// <summary>One alert in a rule's history.</summary>
public sealed record AlertHistoryEntry(
    string Id,
    string RuleId,
    string Kind,
    DateTimeOffset Created,
    string? StoryId,
    string Title,
    IReadOnlyList<string> ArticleIds,
    string Status,
    IReadOnlyList<AlertDeliveryStatus> Deliveries);

/// <summary>
/// The alert ledger: decides which matches become alerts (per rule and story: new story, enough new
/// sources, throttle) and records each alert with one delivery row per destination, in the same
/// transaction as the state that led to it. Keyed for idempotence: a retried batch finds its
/// articles already processed, and an alert's dedup key (rule and article or story) is unique, so
/// nothing is recorded twice and nothing recorded is lost. The delivery worker drains the rows.
/// </summary>
public sealed class AlertOutbox(AlertDatabase database, TimeProvider time)
{
    private const int MaxPendingArticles = 20;

    private sealed record StoryFollow(HashSet<string> Sources, HashSet<string> Reported, long? LastAlertAt, List<AlertArticle> Pending, bool Due);

    /// <summary>An alert decided, before it is written.</summary>
    private sealed record NewAlert(string DedupKey, AlertRule Rule, string Kind, string? StoryId, IReadOnlyList<AlertArticle> Articles, IReadOnlyList<string> NewSources, bool Throttled);

    /// <summary>Records what the matches of one batch mean; returns the alerts created (throttled ones included).</summary>
    public async Task<int> RecordAsync(IReadOnlyList<(AlertRule Rule, IReadOnlyList<Article> Articles)> matches,
        Func<string, StorySummary?> story, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(matches);
        ArgumentNullException.ThrowIfNull(story);
        var now = time.GetUtcNow();
        var created = 0;
        await database.WriteLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            foreach (var (rule, articles) in matches)
            {
                foreach (var article in articles)
                {
                    if (!await FirstTimeAsync(connection, transaction, rule.Id, article.Id, cancellationToken))
                    {
                        continue; // processed before: a retried batch
                    }
                    var alerts = new List<NewAlert>();
                    if (rule.Has(AlertMode.EveryArticle))
                    {
                        var last = await LastAlertAtAsync(connection, transaction, rule.Id, cancellationToken);
                        var throttled = last is { } l && now - DateTimeOffset.FromUnixTimeMilliseconds(l) < rule.Throttle;
                        alerts.Add(new NewAlert($"{rule.Id}:article:{article.Id}", rule, "every_article", article.StoryId, [AlertArticle.From(article)], [article.Source], throttled));
                    }
                    if (rule.FollowsStories && article.StoryId is { } storyId)
                    {
                        alerts.AddRange(await FollowAsync(connection, transaction, rule, storyId, article, now, cancellationToken));
                    }
                    foreach (var alert in alerts)
                    {
                        created += await InsertAsync(connection, transaction, alert, story, now, cancellationToken) ? 1 : 0;
                    }
                }
            }
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            database.WriteLock.Release();
        }
        return created;
    }

    /// <summary>
    /// Story updates held back by a throttle that has since passed: recorded now, so a quiet story
    /// still gets its update. Returns the alerts created.
    /// </summary>
    public async Task<int> FlushDeferredAsync(IReadOnlyList<AlertRule> rules, Func<string, StorySummary?> story, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return await FlushAsync(rules, story, cancellationToken);
    }

    /// <summary>The stories with a story update held back by a throttle.</summary>
    public async Task<IReadOnlyList<string>> DeferredStoriesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT story_id FROM alert_story_state WHERE due = 1";
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }

    private async Task<int> FlushAsync(IReadOnlyList<AlertRule> rules, Func<string, StorySummary?> story, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var byId = rules.Where(r => r.Enabled).ToDictionary(r => r.Id, StringComparer.Ordinal);
        var created = 0;
        await database.WriteLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            var due = new List<(string RuleId, string StoryId)>();
            await using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = "SELECT rule_id, story_id FROM alert_story_state WHERE due = 1";
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    due.Add((reader.GetString(0), reader.GetString(1)));
                }
            }
            foreach (var (ruleId, storyId) in due)
            {
                if (!byId.TryGetValue(ruleId, out var rule))
                {
                    continue;
                }
                var follow = await LoadFollowAsync(connection, transaction, ruleId, storyId, cancellationToken);
                if (follow is null || (follow.LastAlertAt is { } last && now - DateTimeOffset.FromUnixTimeMilliseconds(last) < rule.Throttle))
                {
                    continue;
                }
                var alert = Update(rule, storyId, follow, now, out var next);
                await SaveFollowAsync(connection, transaction, ruleId, storyId, next, cancellationToken);
                if (alert is not null)
                {
                    created += await InsertAsync(connection, transaction, alert, story, now, cancellationToken) ? 1 : 0;
                }
            }
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            database.WriteLock.Release();
        }
        return created;
    }

    /// <summary>The rule's follow-up of one story: new story, new sources, throttled updates.</summary>
    private static async Task<List<NewAlert>> FollowAsync(SqliteConnection connection, SqliteTransaction transaction, AlertRule rule, string storyId, Article article,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var alerts = new List<NewAlert>();
        var source = string.IsNullOrWhiteSpace(article.Source) ? "unknown" : article.Source;
        var follow = await LoadFollowAsync(connection, transaction, rule.Id, storyId, cancellationToken);
        if (follow is null)
        {
            // The first article of this story the rule sees: a new story to it. Its source is the baseline.
            var start = new StoryFollow([source], [source], null, [], false);
            if (rule.Has(AlertMode.NewStory))
            {
                alerts.Add(new NewAlert($"{rule.Id}:story:{storyId}:new", rule, "new_story", storyId, [AlertArticle.From(article)], [source], false));
                start = start with { LastAlertAt = now.ToUnixTimeMilliseconds() };
            }
            await SaveFollowAsync(connection, transaction, rule.Id, storyId, start, cancellationToken);
            return alerts;
        }
        follow.Sources.Add(source);
        if (follow.Pending.TrueForAll(p => p.Id != article.Id))
        {
            follow.Pending.Add(AlertArticle.From(article));
            if (follow.Pending.Count > MaxPendingArticles)
            {
                follow.Pending.RemoveAt(0);
            }
        }
        var next = follow;
        if (rule.Has(AlertMode.StoryUpdate))
        {
            var alert = Update(rule, storyId, follow, now, out next);
            if (alert is not null)
            {
                alerts.Add(alert);
            }
        }
        await SaveFollowAsync(connection, transaction, rule.Id, storyId, next, cancellationToken);
        return alerts;
    }

    /// <summary>A story update when enough sources are new and the throttle allows; else the state, marked due if only the throttle holds it.</summary>
    private static NewAlert? Update(AlertRule rule, string storyId, StoryFollow follow, DateTimeOffset now, out StoryFollow next)
    {
        var fresh = follow.Sources.Where(s => !follow.Reported.Contains(s)).Order(StringComparer.Ordinal).ToList();
        if (fresh.Count < rule.MinNewSources)
        {
            next = follow with { Due = false };
            return null;
        }
        if (follow.LastAlertAt is { } last && now - DateTimeOffset.FromUnixTimeMilliseconds(last) < rule.Throttle)
        {
            next = follow with { Due = true };
            return null;
        }
        next = new StoryFollow(follow.Sources, [.. follow.Sources], now.ToUnixTimeMilliseconds(), [], false);
        return new NewAlert($"{rule.Id}:story:{storyId}:update:{follow.Sources.Count}", rule, "story_update", storyId, [.. follow.Pending], fresh, false);
    }

    private static async Task<bool> FirstTimeAsync(SqliteConnection connection, SqliteTransaction transaction, string ruleId, string articleId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT OR IGNORE INTO alert_seen (rule_id, article_id) VALUES ($rule, $article)";
        command.Parameters.AddWithValue("$rule", ruleId);
        command.Parameters.AddWithValue("$article", articleId);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static async Task<long?> LastAlertAtAsync(SqliteConnection connection, SqliteTransaction transaction, string ruleId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT MAX(created_at) FROM alerts WHERE rule_id = $rule AND status <> 'throttled'";
        command.Parameters.AddWithValue("$rule", ruleId);
        return await command.ExecuteScalarAsync(cancellationToken) is long last ? last : null;
    }

    private static async Task<StoryFollow?> LoadFollowAsync(SqliteConnection connection, SqliteTransaction transaction, string ruleId, string storyId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT sources, reported, last_alert_at, pending, due FROM alert_story_state WHERE rule_id = $rule AND story_id = $story";
        command.Parameters.AddWithValue("$rule", ruleId);
        command.Parameters.AddWithValue("$story", storyId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        return new StoryFollow(
            new HashSet<string>(JsonSerializer.Deserialize<List<string>>(reader.GetString(0)) ?? [], StringComparer.Ordinal),
            new HashSet<string>(JsonSerializer.Deserialize<List<string>>(reader.GetString(1)) ?? [], StringComparer.Ordinal),
            reader.IsDBNull(2) ? null : reader.GetInt64(2),
            JsonSerializer.Deserialize<List<AlertArticle>>(reader.GetString(3), IngestorJson.Compact) ?? [],
            reader.GetInt64(4) == 1);
    }

    private static async Task SaveFollowAsync(SqliteConnection connection, SqliteTransaction transaction, string ruleId, string storyId, StoryFollow follow, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT OR REPLACE INTO alert_story_state (rule_id, story_id, sources, reported, last_alert_at, pending, due)
            VALUES ($rule, $story, $sources, $reported, $last, $pending, $due)
            """;
        command.Parameters.AddWithValue("$rule", ruleId);
        command.Parameters.AddWithValue("$story", storyId);
        command.Parameters.AddWithValue("$sources", JsonSerializer.Serialize(follow.Sources.Order(StringComparer.Ordinal)));
        command.Parameters.AddWithValue("$reported", JsonSerializer.Serialize(follow.Reported.Order(StringComparer.Ordinal)));
        command.Parameters.AddWithValue("$last", (object?)follow.LastAlertAt ?? DBNull.Value);
        command.Parameters.AddWithValue("$pending", JsonSerializer.Serialize(follow.Pending, IngestorJson.Compact));
        command.Parameters.AddWithValue("$due", follow.Due ? 1 : 0);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Writes an alert and its deliveries; false when its dedup key was recorded before.</summary>
    private static async Task<bool> InsertAsync(SqliteConnection connection, SqliteTransaction transaction, NewAlert alert, Func<string, StorySummary?> story,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var id = AlertId(alert.DedupKey);
        var payload = new AlertPayload(id, alert.Kind, now, new AlertRuleRef(alert.Rule.Id, alert.Rule.Name, alert.Rule.Query),
            alert.StoryId is null ? null : story(alert.StoryId), alert.Articles, alert.NewSources);
        long seq;
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                INSERT OR IGNORE INTO alerts (id, dedup_key, rule_id, kind, story_id, article_ids, created_at, status, payload)
                VALUES ($id, $key, $rule, $kind, $story, $articles, $now, $status, $payload)
                """;
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$key", alert.DedupKey);
            command.Parameters.AddWithValue("$rule", alert.Rule.Id);
            command.Parameters.AddWithValue("$kind", alert.Kind);
            command.Parameters.AddWithValue("$story", (object?)alert.StoryId ?? DBNull.Value);
            command.Parameters.AddWithValue("$articles", JsonSerializer.Serialize(alert.Articles.Select(a => a.Id)));
            command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$status", alert.Throttled ? "throttled" : "queued");
            command.Parameters.AddWithValue("$payload", JsonSerializer.SerializeToUtf8Bytes(payload, IngestorJson.Compact));
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return false;
            }
            command.Parameters.Clear();
            command.CommandText = "SELECT last_insert_rowid()";
            seq = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        if (alert.Throttled)
        {
            return true;
        }
        await using var delivery = connection.CreateCommand();
        delivery.Transaction = transaction;
        delivery.CommandText = """
            INSERT INTO alert_deliveries (alert_seq, destination_index, destination, spec, status, due_at)
            VALUES ($seq, $index, $destination, $spec, 'pending', $now)
            """;
        delivery.Parameters.AddWithValue("$seq", seq);
        var index = delivery.Parameters.Add("$index", SqliteType.Integer);
        var destination = delivery.Parameters.Add("$destination", SqliteType.Text);
        var spec = delivery.Parameters.Add("$spec", SqliteType.Text);
        delivery.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        for (var i = 0; i < alert.Rule.Destinations.Count; i++)
        {
            index.Value = i;
            destination.Value = alert.Rule.Destinations[i].Describe();
            spec.Value = JsonSerializer.Serialize(alert.Rule.Destinations[i], IngestorJson.Compact);
            await delivery.ExecuteNonQueryAsync(cancellationToken);
        }
        return true;
    }

    /// <summary>A short stable id for an alert, from its dedup key.</summary>
    public static string AlertId(string dedupKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(dedupKey)), 0, 8);

    // ---- delivery ----

    /// <summary>Deliveries due now, oldest alert first.</summary>
    public async Task<IReadOnlyList<DueDelivery>> DueAsync(int max, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT d.alert_seq, d.destination_index, d.spec, d.attempts, a.id, a.rule_id, a.payload
            FROM alert_deliveries d JOIN alerts a ON a.seq = d.alert_seq
            WHERE d.status = 'pending' AND d.due_at <= $now
            ORDER BY d.alert_seq, d.destination_index LIMIT $max
            """;
        command.Parameters.AddWithValue("$now", time.GetUtcNow().ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$max", max);
        var due = new List<DueDelivery>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var destination = JsonSerializer.Deserialize<AlertDestination>(reader.GetString(2), IngestorJson.Compact)
                              ?? throw new InvalidDataException($"Delivery {reader.GetInt64(0)}/{reader.GetInt32(1)} has no destination.");
            due.Add(new DueDelivery(reader.GetInt64(0), reader.GetInt32(1), destination, reader.GetInt32(3), reader.GetString(4), reader.GetString(5), (byte[])reader.GetValue(6)));
        }
        return due;
    }

    /// <summary>When the next pending delivery is due, if any.</summary>
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT MIN(due_at) FROM alert_deliveries WHERE status = 'pending'";
        return await command.ExecuteScalarAsync(cancellationToken) is long due ? DateTimeOffset.FromUnixTimeMilliseconds(due) : null;
    }

    public Task MarkSentAsync(DueDelivery delivery, CancellationToken cancellationToken) =>
        UpdateDeliveryAsync(delivery, "sent", null, null, cancellationToken);

    /// <summary>A failed attempt: tried again at <paramref name="retryAt"/>, or given up (dead) when that is null.</summary>
    public Task MarkFailedAsync(DueDelivery delivery, string error, DateTimeOffset? retryAt, CancellationToken cancellationToken) =>
        UpdateDeliveryAsync(delivery, retryAt is null ? "dead" : "pending", error, retryAt, cancellationToken);

    private async Task UpdateDeliveryAsync(DueDelivery delivery, string status, string? error, DateTimeOffset? retryAt, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await database.WriteLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = """
                UPDATE alert_deliveries SET status = $status, attempts = attempts + 1, last_error = $error,
                    due_at = COALESCE($due, due_at), sent_at = CASE WHEN $status = 'sent' THEN $now ELSE sent_at END
                WHERE alert_seq = $seq AND destination_index = $index
                """;
            command.Parameters.AddWithValue("$status", status);
            command.Parameters.AddWithValue("$error", error is null ? DBNull.Value : error.Length > 1000 ? error[..1000] : error);
            command.Parameters.AddWithValue("$due", retryAt is { } due ? due.ToUnixTimeMilliseconds() : DBNull.Value);
            command.Parameters.AddWithValue("$now", now);
            command.Parameters.AddWithValue("$seq", delivery.AlertSeq);
            command.Parameters.AddWithValue("$index", delivery.DestinationIndex);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            database.WriteLock.Release();
        }
    }

    // ---- history ----

    /// <summary>Alerts newest first, of one rule or all.</summary>
    public async Task<IReadOnlyList<AlertHistoryEntry>> HistoryAsync(string? ruleId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var entries = new List<(long Seq, AlertHistoryEntry Entry)>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT seq, id, rule_id, kind, created_at, story_id, article_ids, status, payload FROM alerts
                WHERE ($rule IS NULL OR rule_id = $rule) ORDER BY seq DESC LIMIT $limit
                """;
            command.Parameters.AddWithValue("$rule", (object?)ruleId ?? DBNull.Value);
            command.Parameters.AddWithValue("$limit", limit);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var payload = JsonSerializer.Deserialize<AlertPayload>((byte[])reader.GetValue(8), IngestorJson.Compact);
                var title = payload?.Story?.Title ?? (payload is { Articles.Count: > 0 } ? payload.Articles[0].Title : "");
                entries.Add((reader.GetInt64(0), new AlertHistoryEntry(reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)), reader.IsDBNull(5) ? null : reader.GetString(5), title,
                    JsonSerializer.Deserialize<List<string>>(reader.GetString(6)) ?? [], reader.GetString(7), [])));
            }
        }
        if (entries.Count == 0)
        {
            return [];
        }
        var deliveries = new Dictionary<long, List<AlertDeliveryStatus>>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT alert_seq, destination, spec, status, attempts, last_error, sent_at FROM alert_deliveries
                WHERE alert_seq IN (SELECT value FROM json_each($seqs)) ORDER BY alert_seq, destination_index
                """;
            command.Parameters.AddWithValue("$seqs", JsonSerializer.Serialize(entries.Select(e => e.Seq)));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var spec = JsonSerializer.Deserialize<AlertDestination>(reader.GetString(2), IngestorJson.Compact);
                if (!deliveries.TryGetValue(reader.GetInt64(0), out var list))
                {
                    deliveries[reader.GetInt64(0)] = list = [];
                }
                list.Add(new AlertDeliveryStatus(reader.GetString(1), spec?.Type.ToString().ToLowerInvariant() ?? "unknown", reader.GetString(3), reader.GetInt32(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6))));
            }
        }
        return entries.Select(e =>
        {
            var list = deliveries.GetValueOrDefault(e.Seq) ?? [];
            var status = e.Entry.Status == "throttled" ? "throttled"
                : list.Count == 0 ? "sent"
                : list.TrueForAll(d => d.Status == "sent") ? "sent"
                : list.Exists(d => d.Status == "dead") ? "failed"
                : "pending";
            return e.Entry with { Status = status, Deliveries = list };
        }).ToList();
    }
}

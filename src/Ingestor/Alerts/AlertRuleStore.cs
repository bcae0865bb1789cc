using System.Globalization;
using System.Text;
using System.Text.Json;
using Ingestor.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Ingestor.Alerts;

/// <summary>A rule id already taken, or a config rule the API may not change (409).</summary>
public sealed class AlertRuleConflictException(string message) : Exception(message);

/// <summary>
/// The rule files (config/alerts/*.yaml, or <see cref="AlertOptions.RulesDirectory"/>), read once and
/// validated: each problem names the file and field. Separate from <see cref="AlertRuleStore"/> so the
/// options validator can check them at start.
/// </summary>
public sealed class AlertRuleFiles(IngestorPaths paths)
{
    private readonly Lock _gate = new();
    private (IReadOnlyList<AlertRule> Rules, IReadOnlyList<string> Errors)? _loaded;

    public string Directory(AlertOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return string.IsNullOrWhiteSpace(settings.RulesDirectory) ? paths.AlertsDirectory : Path.GetFullPath(settings.RulesDirectory, paths.ConfigDirectory);
    }

    /// <summary>A webhook destination's HMAC secret, or null when its reference does not resolve.</summary>
    public static string? ResolveSecret(AlertDestination destination, AlertOptions settings)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(settings);
        if (destination.SecretEnv is { } variable)
        {
            return Environment.GetEnvironmentVariable(variable);
        }
        return destination.Secret is { } name && settings.Secrets.TryGetValue(name, out var secret) ? secret : null;
    }

    /// <summary>The valid rules and the problems of the others.</summary>
    public (IReadOnlyList<AlertRule> Rules, IReadOnlyList<string> Errors) Load(AlertOptions settings)
    {
        lock (_gate)
        {
            return _loaded ??= Read(settings);
        }
    }

    private (IReadOnlyList<AlertRule>, IReadOnlyList<string>) Read(AlertOptions settings)
    {
        var rules = new List<AlertRule>();
        var errors = new List<string>();
        var directory = Directory(settings);
        var files = System.IO.Directory.Exists(directory)
            ? System.IO.Directory.GetFiles(directory).Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal).ToList()
            : [];
        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(paths.ConfigDirectory, file);
            var display = relative.StartsWith("..", StringComparison.Ordinal) ? file : relative;
            try
            {
                var rule = AlertRuleParser.ParseYaml(File.ReadAllText(file), Path.GetFileNameWithoutExtension(file).ToLowerInvariant(), display,
                    d => ResolveSecret(d, settings));
                if (rules.Find(r => r.Id == rule.Id) is { } other)
                {
                    errors.Add($"{display}: id: '{rule.Id}' is already used by {other.File}");
                    continue;
                }
                rules.Add(rule);
            }
            catch (AlertRuleException ex)
            {
                errors.AddRange(ex.Errors.Select(e => $"{display}: {e}"));
            }
            catch (IOException ex)
            {
                errors.Add($"{display}: cannot be read: {ex.Message}");
            }
        }
        return (rules, errors);
    }
}

/// <summary>
/// Every alert rule: read-only ones from the rule files (validated at start) and the ones created
/// through the API (kept in the state database). Readers get a snapshot; a version number changes
/// with every change, also one made by another process.
/// </summary>
public sealed class AlertRuleStore(AlertDatabase database, AlertRuleFiles files, IOptions<AlertOptions> options, TimeProvider time)
{
    private readonly Lock _gate = new();
    private IReadOnlyList<AlertRule> _apiRules = [];
    private long _apiVersion = -1;

    /// <summary>A webhook destination's HMAC secret, or null when its reference does not resolve.</summary>
    public string? ResolveSecret(AlertDestination destination) => AlertRuleFiles.ResolveSecret(destination, options.Value);

    private IReadOnlyList<AlertRule> LoadConfig() => files.Load(options.Value).Rules;

    /// <summary>All rules, config ones first, each group by id.</summary>
    public async Task<IReadOnlyList<AlertRule>> GetRulesAsync(CancellationToken cancellationToken)
    {
        var config = LoadConfig();
        var api = await ApiRulesAsync(cancellationToken);
        return [.. config, .. api];
    }

    /// <summary>Changes whenever the set of rules may have changed.</summary>
    public async Task<long> VersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ReadVersionAsync(connection, null, cancellationToken);
    }

    public async Task<AlertRule?> GetAsync(string id, CancellationToken cancellationToken) =>
        (await GetRulesAsync(cancellationToken)).FirstOrDefault(r => r.Id == id);

    private async Task<IReadOnlyList<AlertRule>> ApiRulesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var version = await ReadVersionAsync(connection, null, cancellationToken);
        lock (_gate)
        {
            if (version == _apiVersion)
            {
                return _apiRules;
            }
        }
        var rules = new List<AlertRule>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT id, body FROM alert_rules ORDER BY id";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                using var document = JsonDocument.Parse(reader.GetString(1));
                // Stored rules were valid when written; a secret that has gone since shows at delivery.
                rules.Add(AlertRuleParser.Parse(document.RootElement, reader.GetString(0), AlertRuleOrigin.Api));
            }
        }
        lock (_gate)
        {
            _apiRules = rules;
            _apiVersion = version;
        }
        return rules;
    }

    /// <summary>Validates and stores a new API rule; without an id one is made from the name.</summary>
    /// <exception cref="AlertRuleException">The rule does not validate.</exception>
    /// <exception cref="AlertRuleConflictException">The id is taken.</exception>
    public async Task<AlertRule> CreateAsync(JsonElement body, CancellationToken cancellationToken)
    {
        var existing = await GetRulesAsync(cancellationToken);
        var hasId = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("id", out var idElement) && idElement.ValueKind != JsonValueKind.Null;
        var fallback = hasId ? null : UniqueId(Slug(body), existing);
        var rule = AlertRuleParser.Parse(body, fallback, AlertRuleOrigin.Api, resolveSecret: ResolveSecret);
        if (existing.FirstOrDefault(r => r.Id == rule.Id) is { } taken)
        {
            throw new AlertRuleConflictException(taken.Origin == AlertRuleOrigin.Config
                ? $"id: '{rule.Id}' is a rule of the configuration ({taken.File})"
                : $"id: a rule with id '{rule.Id}' already exists");
        }
        await WriteAsync(rule, insert: true, cancellationToken);
        return rule;
    }

    /// <summary>Replaces an API rule.</summary>
    /// <returns>The rule, or null when there is no rule with this id.</returns>
    /// <exception cref="AlertRuleException">The rule does not validate.</exception>
    /// <exception cref="AlertRuleConflictException">The rule comes from the configuration.</exception>
    public async Task<AlertRule?> UpdateAsync(string id, JsonElement body, CancellationToken cancellationToken)
    {
        var current = await GetAsync(id, cancellationToken);
        if (current is null)
        {
            return null;
        }
        RequireApi(current);
        var rule = AlertRuleParser.Parse(body, id, AlertRuleOrigin.Api, resolveSecret: ResolveSecret);
        if (rule.Id != id)
        {
            throw new AlertRuleException([$"id: '{rule.Id}' differs from the rule being replaced ('{id}')"]);
        }
        await WriteAsync(rule, insert: false, cancellationToken);
        return rule;
    }

    /// <summary>Deletes an API rule (its history stays); false when there is none.</summary>
    /// <exception cref="AlertRuleConflictException">The rule comes from the configuration.</exception>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var current = await GetAsync(id, cancellationToken);
        if (current is null)
        {
            return false;
        }
        RequireApi(current);
        await database.WriteLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM alert_rules WHERE id = $id; DELETE FROM alert_story_state WHERE rule_id = $id;";
            command.Parameters.AddWithValue("$id", id);
            await command.ExecuteNonQueryAsync(cancellationToken);
            await BumpVersionAsync(connection, transaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            database.WriteLock.Release();
        }
        return true;
    }

    private static void RequireApi(AlertRule rule)
    {
        if (rule.Origin == AlertRuleOrigin.Config)
        {
            throw new AlertRuleConflictException($"Rule '{rule.Id}' is defined in the configuration ({rule.File}) and is read-only through the API; edit the file instead.");
        }
    }

    private async Task WriteAsync(AlertRule rule, bool insert, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await database.WriteLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = insert
                ? "INSERT INTO alert_rules (id, body, created_at, updated_at) VALUES ($id, $body, $now, $now)"
                : "UPDATE alert_rules SET body = $body, updated_at = $now WHERE id = $id";
            command.Parameters.AddWithValue("$id", rule.Id);
            command.Parameters.AddWithValue("$body", AlertRuleParser.ToJson(rule).ToJsonString());
            command.Parameters.AddWithValue("$now", now);
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == SQLitePCL.raw.SQLITE_CONSTRAINT)
            {
                throw new AlertRuleConflictException($"id: a rule with id '{rule.Id}' already exists");
            }
            await BumpVersionAsync(connection, transaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            database.WriteLock.Release();
        }
    }

    private static async Task<long> ReadVersionAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT value FROM alert_meta WHERE key = 'rules_version'";
        return await command.ExecuteScalarAsync(cancellationToken) is long version ? version : 0;
    }

    private static async Task BumpVersionAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO alert_meta (key, value) VALUES ('rules_version', 1)
            ON CONFLICT(key) DO UPDATE SET value = value + 1
            """;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Slug(JsonElement body)
    {
        var name = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() ?? "" : "";
        var sb = new StringBuilder();
        foreach (var ch in name.Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(ch))
            {
                sb.Append(char.ToLowerInvariant(ch));
            }
            else if ((ch is ' ' or '-' or '_') && sb.Length > 0 && sb[^1] != '-')
            {
                sb.Append('-');
            }
            if (sb.Length >= 48)
            {
                break;
            }
        }
        var slug = sb.ToString().Trim('-');
        return slug.Length == 0 ? "rule" : slug;
    }

    private static string UniqueId(string slug, IReadOnlyList<AlertRule> existing)
    {
        var id = slug;
        for (var n = 2; existing.Any(r => r.Id == id); n++)
        {
            id = slug + "-" + n.ToString(CultureInfo.InvariantCulture);
        }
        return id;
    }
}

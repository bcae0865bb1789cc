using System.Globalization;
using Microsoft.Extensions.Options;

namespace Ingestor.Index.Elasticsearch;

/// <summary>Checks <see cref="ElasticsearchOptions"/> at start and reports every problem at once, naming the key.</summary>
public sealed class ElasticsearchOptionsValidator : IValidateOptions<ElasticsearchOptions>
{
    private const string S = ElasticsearchOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, ElasticsearchOptions options)
    {
        var failures = Problems(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static IReadOnlyList<string> Problems(ElasticsearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        var anyHttps = false;
        for (var i = 0; i < options.Nodes.Count; i++)
        {
            var node = options.Nodes[i];
            var key = $"{S}:Nodes:{i.ToString(CultureInfo.InvariantCulture)}";
            if (string.IsNullOrWhiteSpace(node))
            {
                failures.Add($"{key}: a node URL is required (e.g. https://localhost:9200).");
            }
            else if (!Uri.TryCreate(node, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                failures.Add($"{key}: '{node}' is not an absolute http or https URL.");
            }
            else
            {
                if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
                {
                    failures.Add($"{key}: '{node}' must not have a query or fragment.");
                }
                if (!string.IsNullOrEmpty(uri.UserInfo))
                {
                    failures.Add($"{key}: put credentials in {S}:Username/{S}:Password or {S}:ApiKey, not in the URL.");
                }
                anyHttps |= uri.Scheme == Uri.UriSchemeHttps;
            }
        }
        if (options.Nodes.Count != options.Nodes.Distinct(StringComparer.OrdinalIgnoreCase).Count())
        {
            failures.Add($"{S}:Nodes: the same node is listed twice.");
        }

        var hasApiKey = !string.IsNullOrWhiteSpace(options.ApiKey);
        var hasUser = !string.IsNullOrWhiteSpace(options.Username);
        if (hasApiKey && hasUser)
        {
            failures.Add($"{S}:ApiKey and {S}:Username: choose one way to authenticate, not both.");
        }
        if (hasUser && string.IsNullOrEmpty(options.Password))
        {
            failures.Add($"{S}:Password: required when {S}:Username is set.");
        }
        if (!hasUser && !string.IsNullOrEmpty(options.Password))
        {
            failures.Add($"{S}:Username: required when {S}:Password is set.");
        }
        if (hasUser && options.Username!.Contains(':', StringComparison.Ordinal))
        {
            failures.Add($"{S}:Username: must not contain ':'.");
        }

        var hasCa = !string.IsNullOrWhiteSpace(options.CaCertificate);
        var hasFingerprint = !string.IsNullOrWhiteSpace(options.CertificateFingerprint);
        if (hasCa && hasFingerprint)
        {
            failures.Add($"{S}:CaCertificate and {S}:CertificateFingerprint: choose one way to trust the cluster, not both.");
        }
        if (hasCa && !File.Exists(options.CaCertificate))
        {
            failures.Add($"{S}:CaCertificate: file '{options.CaCertificate}' does not exist.");
        }
        if (hasFingerprint && ElasticsearchTls.NormalizeFingerprint(options.CertificateFingerprint!) is null)
        {
            failures.Add($"{S}:CertificateFingerprint: expected a SHA-256 fingerprint, 64 hex digits (colons allowed).");
        }
        if ((hasCa || hasFingerprint) && !anyHttps)
        {
            failures.Add($"{S}:{(hasCa ? "CaCertificate" : "CertificateFingerprint")}: only used for https nodes, but no node in {S}:Nodes is https.");
        }

        if (IndexNameProblem(options.IndexPrefix) is { } prefixProblem)
        {
            failures.Add($"{S}:IndexPrefix: {prefixProblem}");
        }
        else if (options.IndexPrefix.Length > 200)
        {
            failures.Add($"{S}:IndexPrefix: at most 200 characters (index names are limited to 255 bytes).");
        }
        if (IndexNameProblem(options.AlertsIndex) is { } alertsProblem)
        {
            failures.Add($"{S}:AlertsIndex: {alertsProblem}");
        }
        else if (options.AlertsIndex.StartsWith(options.IndexPrefix + "-", StringComparison.Ordinal) ||
                 options.AlertsIndex == options.IndexPrefix)
        {
            failures.Add($"{S}:AlertsIndex: '{options.AlertsIndex}' would match the article index template '{options.IndexPrefix}-*'.");
        }

        if (!ElasticsearchRefreshParser.TryParse(options.RefreshPolicy, out _))
        {
            failures.Add($"{S}:RefreshPolicy: '{options.RefreshPolicy}' is not one of false, wait_for, true.");
        }
        if (options.NumberOfShards < 1)
        {
            failures.Add($"{S}:NumberOfShards: must be at least 1.");
        }
        if (options.NumberOfReplicas is < 0)
        {
            failures.Add($"{S}:NumberOfReplicas: must not be negative.");
        }
        if (options.NumberOfReplicas is null &&
            !System.Text.RegularExpressions.Regex.IsMatch(options.AutoExpandReplicas ?? "", @"^(\d+-(\d+|all)|false)$"))
        {
            failures.Add($"{S}:AutoExpandReplicas: '{options.AutoExpandReplicas}' is not a range like 0-1 or 0-all (or false).");
        }
        if (options.MaxResultWindow < SearchRequest.MaxSize)
        {
            failures.Add($"{S}:MaxResultWindow: must be at least {SearchRequest.MaxSize}.");
        }

        if (options.Bulk is null)
        {
            failures.Add($"{S}:Bulk: missing.");
        }
        else
        {
            if (options.Bulk.MaxDocuments < 1)
            {
                failures.Add($"{S}:Bulk:MaxDocuments: must be at least 1.");
            }
            if (options.Bulk.MaxBytes < 1024)
            {
                failures.Add($"{S}:Bulk:MaxBytes: must be at least 1024 bytes.");
            }
            Positive(failures, "Bulk:MaxAge", options.Bulk.MaxAge);
            if (options.Bulk.MaxRetries < 0)
            {
                failures.Add($"{S}:Bulk:MaxRetries: must not be negative.");
            }
            if (options.Bulk.Capacity < 1)
            {
                failures.Add($"{S}:Bulk:Capacity: must be at least 1.");
            }
        }

        Positive(failures, "RequestTimeout", options.RequestTimeout);
        Positive(failures, "ConnectTimeout", options.ConnectTimeout);
        Positive(failures, "ReindexTimeout", options.ReindexTimeout);
        Positive(failures, "RetryDelay", options.RetryDelay);
        Positive(failures, "MaxRetryDelay", options.MaxRetryDelay);
        Positive(failures, "DeadNodeBackoff", options.DeadNodeBackoff);
        Positive(failures, "MaxDeadNodeBackoff", options.MaxDeadNodeBackoff);
        Positive(failures, "PointInTimeKeepAlive", options.PointInTimeKeepAlive);
        if (options.MaxRetries is < 0 or > 10)
        {
            failures.Add($"{S}:MaxRetries: must be between 0 and 10.");
        }
        if (options.MaxRetryDelay < options.RetryDelay)
        {
            failures.Add($"{S}:MaxRetryDelay: must not be shorter than {S}:RetryDelay.");
        }
        if (options.DeadLetterPath is { } path && path.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            failures.Add($"{S}:DeadLetterPath: '{path}' is not a valid path.");
        }
        return failures;
    }

    private static void Positive(List<string> failures, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{S}:{key}: must be a positive duration (e.g. 00:00:30).");
        }
    }

    /// <summary>Elasticsearch's index naming rules, as a message, or null when the name is acceptable.</summary>
    internal static string? IndexNameProblem(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "required.";
        }
        if (name.Any(char.IsUpper))
        {
            return $"'{name}' must be lower case.";
        }
        if (name[0] is '-' or '_' or '+' || name is "." or "..")
        {
            return $"'{name}' must not start with '-', '_' or '+'.";
        }
        if (name.IndexOfAny(['\\', '/', '*', '?', '"', '<', '>', '|', ' ', ',', '#', ':']) >= 0)
        {
            return $"'{name}' must not contain \\ / * ? \" < > | space , # or :.";
        }
        return null;
    }
}

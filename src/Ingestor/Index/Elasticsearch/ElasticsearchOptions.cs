namespace Ingestor.Index.Elasticsearch;

/// <summary>
/// How Ingestor reaches and lays out its Elasticsearch cluster (configuration section <c>Elasticsearch</c>).
/// Durations are <see cref="TimeSpan"/>s ("00:00:30" in YAML/JSON configuration).
/// </summary>
public sealed class ElasticsearchOptions
{
    public const string SectionName = "Elasticsearch";
    public const string DefaultNode = "http://localhost:9200";

    /// <summary>Node URLs (http or https); requests go round-robin, a failing node is skipped for a while. Empty: <see cref="DefaultNode"/>.</summary>
    public List<string> Nodes { get; set; } = [];

    /// <summary>API key as Elasticsearch prints it (base64 "encoded" form) or as "id:api_key".</summary>
    public string? ApiKey { get; set; }

    public string? Username { get; set; }
    public string? Password { get; set; }

    /// <summary>Path of a PEM or DER CA certificate that signed the cluster's HTTP certificate.</summary>
    public string? CaCertificate { get; set; }

    /// <summary>SHA-256 fingerprint (hex, colons optional) of the cluster's HTTP CA or server certificate.</summary>
    public string? CertificateFingerprint { get; set; }

    /// <summary>
    /// Names everything Ingestor creates for articles: read alias <c>PREFIX</c>, write alias <c>PREFIX-write</c>,
    /// concrete indices <c>PREFIX-vN</c>, index template <c>PREFIX</c> matching <c>PREFIX-*</c>.
    /// </summary>
    public string IndexPrefix { get; set; } = "ingestor-articles";

    /// <summary>The percolator index holding saved alert rules.</summary>
    public string AlertsIndex { get; set; } = "ingestor-alerts";

    /// <summary>When writes become visible to search: <c>false</c>, <c>wait_for</c> (default) or <c>true</c>.</summary>
    public string RefreshPolicy { get; set; } = "wait_for";

    public int NumberOfShards { get; set; } = 1;

    /// <summary>Fixed replica count; when unset, <see cref="AutoExpandReplicas"/> applies.</summary>
    public int? NumberOfReplicas { get; set; }

    /// <summary>Replica range that follows the cluster size ("0-1": none on a single node, one when there are two).</summary>
    public string AutoExpandReplicas { get; set; } = "0-1";

    /// <summary>The index's <c>max_result_window</c>: pages beyond it are read with a point in time and search_after.</summary>
    public int MaxResultWindow { get; set; } = 10_000;

    public ElasticsearchBulkOptions Bulk { get; set; } = new();

    /// <summary>Time allowed for one HTTP attempt.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time allowed to open a TCP/TLS connection to a node.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Time allowed for the server-side copy during a reindex.</summary>
    public TimeSpan ReindexTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Retries after a 429/502/503/504 or a connection failure (exponential backoff with jitter).</summary>
    public int MaxRetries { get; set; } = 3;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a failing node is first skipped; doubles per consecutive failure up to <see cref="MaxDeadNodeBackoff"/>.</summary>
    public TimeSpan DeadNodeBackoff { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxDeadNodeBackoff { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a point in time stays open between the pages of a deep search.</summary>
    public TimeSpan PointInTimeKeepAlive { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Dead-letter file for documents Elasticsearch refused; default <c>&lt;data&gt;/dead-letter/elasticsearch.ndjson</c>.</summary>
    public string? DeadLetterPath { get; set; }

    public IReadOnlyList<Uri> NodeUris() =>
        (Nodes.Count == 0 ? [DefaultNode] : Nodes).Select(n => new Uri(n.EndsWith('/') ? n : n + "/", UriKind.Absolute)).ToList();

    public string ReadAlias => IndexPrefix;
    public string WriteAlias => IndexPrefix + "-write";

    /// <summary>The concrete index name for a mapping generation: <c>PREFIX-vN</c>.</summary>
    public string VersionedIndex(int version) =>
        IndexPrefix + "-v" + version.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public ElasticsearchRefresh Refresh => ElasticsearchRefreshParser.TryParse(RefreshPolicy, out var value) ? value : ElasticsearchRefresh.WaitFor;
}

/// <summary>Bulk indexing limits: a batch is sent when it reaches a count, a size or an age.</summary>
public sealed class ElasticsearchBulkOptions
{
    public int MaxDocuments { get; set; } = 1000;

    /// <summary>Upper bound of one bulk request body in bytes.</summary>
    public long MaxBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>How long <see cref="ElasticsearchBulkWriter"/> holds a partial batch before sending it.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Retries for items rejected with a transient status (429, 5xx); other failures are permanent.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Articles <see cref="ElasticsearchBulkWriter"/> accepts before writers wait.</summary>
    public int Capacity { get; set; } = 10_000;
}

public enum ElasticsearchRefresh
{
    False,
    WaitFor,
    True,
}

public static class ElasticsearchRefreshParser
{
    public static bool TryParse(string? value, out ElasticsearchRefresh refresh)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case "false" or "":
                refresh = ElasticsearchRefresh.False;
                return true;
            case "wait_for" or "waitfor":
                refresh = ElasticsearchRefresh.WaitFor;
                return true;
            case "true":
                refresh = ElasticsearchRefresh.True;
                return true;
            default:
                refresh = ElasticsearchRefresh.WaitFor;
                return false;
        }
    }

    public static string ToWire(this ElasticsearchRefresh refresh) => refresh switch
    {
        ElasticsearchRefresh.True => "true",
        ElasticsearchRefresh.WaitFor => "wait_for",
        _ => "false",
    };
}

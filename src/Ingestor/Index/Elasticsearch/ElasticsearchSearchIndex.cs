using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Ingestor.Articles;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Ingestor.Index.Elasticsearch;

/// <summary>What a reindex did: the index it left, the one it moved to, and what the copy reported.</summary>
public sealed record ReindexResult(string From, string To, long Total, long Created, long VersionConflicts, bool DeletedOld);

/// <summary>
/// The Elasticsearch engine. Reads go to the read alias, writes to the write alias; both point at one
/// versioned index except during <see cref="ReindexAsync"/>. Bulk writes are split by count and bytes, use
/// the article id as <c>_id</c> (idempotent), retry only the items Elasticsearch rejected for now, and write
/// items it refused for good to the dead-letter file.
/// </summary>
public sealed class ElasticsearchSearchIndex : ISearchIndex
{
    private readonly ElasticsearchClient _client;
    private readonly ElasticsearchOptions _options;
    private readonly ElasticsearchDeadLetter _deadLetter;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public ElasticsearchSearchIndex(
        ElasticsearchClient client,
        IOptions<ElasticsearchOptions> options,
        ElasticsearchDeadLetter deadLetter,
        TimeProvider timeProvider,
        ILogger<ElasticsearchSearchIndex>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        _options = options.Value;
        _deadLetter = deadLetter;
        _timeProvider = timeProvider;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public string Engine => "elasticsearch";

    public ElasticsearchClient Client => _client;

    public ElasticsearchOptions Options => _options;

    public string DeadLetterPath => _deadLetter.Path;

    /// <summary>Puts the component and index templates, then creates the first index and its aliases if missing.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await PutTemplatesAsync(cancellationToken);
        var read = await AliasIndicesAsync(_options.ReadAlias, cancellationToken);
        var write = await WriteIndexAsync(cancellationToken);
        if (read.Count > 0 && write is not null)
        {
            return;
        }
        if (read.Count == 0 && write is null)
        {
            var index = _options.VersionedIndex(ElasticsearchTemplates.MappingVersion);
            if (await _client.CreateIndexAsync(index, ElasticsearchTemplates.CreateArticleIndex(_options), cancellationToken))
            {
                Log.IndexCreated(_logger, index, _options.ReadAlias, _options.WriteAlias);
                return;
            }
            // Created meanwhile (another process) or left without aliases: attach them.
            await AddAliasesAsync(index, read: true, write: true, cancellationToken);
            return;
        }
        // One alias is missing: put it on the index the other one names.
        var target = write ?? read[0];
        await AddAliasesAsync(target, read: read.Count == 0, write: write is null, cancellationToken);
    }

    private async Task PutTemplatesAsync(CancellationToken cancellationToken)
    {
        await _client.PutComponentTemplateAsync(ElasticsearchTemplates.SettingsComponentName(_options),
            ElasticsearchTemplates.SettingsComponent(_options), cancellationToken);
        await _client.PutComponentTemplateAsync(ElasticsearchTemplates.MappingsComponentName(_options),
            ElasticsearchTemplates.MappingsComponent(), cancellationToken);
        await _client.PutIndexTemplateAsync(ElasticsearchTemplates.IndexTemplateName(_options),
            ElasticsearchTemplates.IndexTemplate(_options), cancellationToken);
    }

    private async Task AddAliasesAsync(string index, bool read, bool write, CancellationToken cancellationToken)
    {
        var actions = new JsonArray();
        if (read)
        {
            actions.Add(AliasAction("add", index, _options.ReadAlias));
        }
        if (write)
        {
            actions.Add(AliasAction("add", index, _options.WriteAlias, isWriteIndex: true));
        }
        await _client.UpdateAliasesAsync(new JsonObject { ["actions"] = actions }, cancellationToken);
    }

    internal static JsonObject AliasAction(string action, string index, string alias, bool isWriteIndex = false)
    {
        var body = new JsonObject { ["index"] = index, ["alias"] = alias };
        if (isWriteIndex)
        {
            body["is_write_index"] = true;
        }
        return new JsonObject { [action] = body };
    }

    private async Task<IReadOnlyList<string>> AliasIndicesAsync(string alias, CancellationToken cancellationToken) =>
        (await _client.GetAliasAsync(alias, cancellationToken)).Keys.Order(StringComparer.Ordinal).ToList();

    private async Task<string?> WriteIndexAsync(CancellationToken cancellationToken)
    {
        var indices = await _client.GetAliasAsync(_options.WriteAlias, cancellationToken);
        if (indices.Count <= 1)
        {
            return indices.Keys.FirstOrDefault();
        }
        return indices.FirstOrDefault(kv => kv.Value.Aliases.TryGetValue(_options.WriteAlias, out var a) && a.IsWriteIndex == true).Key
               ?? throw new ElasticsearchException($"The alias '{_options.WriteAlias}' points at several indices and none is its write index.");
    }

    // ---- Writing ----

    private sealed record PendingItem(int Position, Article Article, JsonObject Document, int ByteCount);

    private sealed class BulkState(List<PendingItem> pending)
    {
        public List<PendingItem> Pending { get; set; } = pending;
        public int Attempts { get; set; }
        /// <summary>The status of each item's latest transient rejection, by position.</summary>
        public Dictionary<int, int> LastStatus { get; } = [];
    }

    public async Task<IReadOnlyList<IndexItemResult>> IndexAsync(IReadOnlyList<Article> articles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(articles);
        var results = new IndexItemResult[articles.Count];
        var batch = new List<PendingItem>();
        long batchBytes = 0;
        var refused = new List<DeadLetterEntry>();
        for (var i = 0; i < articles.Count; i++)
        {
            if (Reject(articles[i]) is { } reason)
            {
                results[i] = new IndexItemResult(articles[i]?.Id ?? "", IndexOutcome.Failed, reason);
                refused.Add(new DeadLetterEntry(articles[i]?.Id ?? "", _options.WriteAlias, 0, "invalid_article", reason, 0,
                    articles[i] is null ? [] : ArticleDocument.From(articles[i]).ToJson()));
                continue;
            }
            var document = ArticleDocument.From(articles[i]).ToJson();
            var bytes = JsonSerializer.SerializeToUtf8Bytes(document, ElasticsearchJson.Wire).Length + articles[i].Id.Length + 32;
            if (batch.Count > 0 && (batch.Count >= _options.Bulk.MaxDocuments || batchBytes + bytes > _options.Bulk.MaxBytes))
            {
                await SendBatchAsync(batch, results, cancellationToken);
                batch = [];
                batchBytes = 0;
            }
            batch.Add(new PendingItem(i, articles[i], document, bytes));
            batchBytes += bytes;
        }
        if (batch.Count > 0)
        {
            await SendBatchAsync(batch, results, cancellationToken);
        }
        if (refused.Count > 0)
        {
            await WriteDeadLettersAsync(refused, cancellationToken);
        }
        return results;
    }

    public const int MaxIdBytes = 512;

    /// <summary>What makes an article impossible to index, or null.</summary>
    private static string? Reject(Article? article) => article switch
    {
        null => "the article is null",
        { Id: var id } when string.IsNullOrWhiteSpace(id) => "the article has no id",
        // Elasticsearch refuses the whole bulk request, not just the item, for an _id over 512 bytes.
        { Id: var id } when System.Text.Encoding.UTF8.GetByteCount(id) > MaxIdBytes => $"the article id is longer than {MaxIdBytes} bytes",
        { Title: null } or { Body: null } or { ContentHash: null } => "the article has no title, body or content hash",
        _ => null,
    };

    private async Task WriteDeadLettersAsync(IReadOnlyList<DeadLetterEntry> entries, CancellationToken cancellationToken)
    {
        await _deadLetter.WriteAsync(entries, cancellationToken);
        foreach (var entry in entries)
        {
            Log.DeadLettered(_logger, entry.Id, entry.ErrorType, entry.Reason, _deadLetter.Path);
        }
    }

    /// <summary>One bulk request per round; items rejected with 429/5xx go again (only they), the rest are final.</summary>
    private async Task SendBatchAsync(List<PendingItem> batch, IndexItemResult[] results, CancellationToken cancellationToken)
    {
        var state = new BulkState(batch);
        var deadLetters = new List<DeadLetterEntry>();
        var pipeline = BulkRetryPipeline();
        var context = ResilienceContextPool.Shared.Get("bulk", cancellationToken);
        try
        {
            await pipeline.ExecuteAsync(async (ctx, s) =>
            {
                s.Attempts++;
                var lines = new List<JsonNode>(s.Pending.Count * 2);
                foreach (var item in s.Pending)
                {
                    lines.Add(new JsonObject { ["index"] = new JsonObject { ["_id"] = item.Article.Id } });
                    lines.Add(item.Document);
                }
                var response = await _client.BulkAsync(_options.WriteAlias, lines, _options.Refresh, ctx.CancellationToken);
                var outcomes = response.Results().ToList();
                if (outcomes.Count != s.Pending.Count)
                {
                    throw new ElasticsearchException(
                        $"Elasticsearch bulk answered {outcomes.Count} items for {s.Pending.Count} actions.");
                }
                var retry = new List<PendingItem>();
                for (var i = 0; i < outcomes.Count; i++)
                {
                    var item = s.Pending[i];
                    var result = outcomes[i].Item;
                    if (result.Status is >= 200 and < 300)
                    {
                        results[item.Position] = new IndexItemResult(item.Article.Id,
                            result.Result == "created" ? IndexOutcome.Created : IndexOutcome.Updated);
                    }
                    else if (ElasticsearchClient.IsTransient(result.Status) || (result.Status == 500 && IsTransientError(result.Error)))
                    {
                        retry.Add(item);
                        s.LastStatus[item.Position] = result.Status;
                        results[item.Position] = Failed(item, result, s.Attempts);
                    }
                    else
                    {
                        results[item.Position] = Failed(item, result, s.Attempts);
                        deadLetters.Add(DeadLetter(item, result, s.Attempts));
                    }
                }
                s.Pending = retry;
                return retry.Count;
            }, context, state);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        // Still rejected after every retry: refused for good.
        foreach (var item in state.Pending)
        {
            var failed = results[item.Position];
            deadLetters.Add(new DeadLetterEntry(item.Article.Id, _options.WriteAlias, state.LastStatus.GetValueOrDefault(item.Position, 429), "retries_exhausted",
                $"still rejected after {state.Attempts} attempts: {failed?.Error}", state.Attempts, item.Document));
        }
        if (deadLetters.Count > 0)
        {
            await WriteDeadLettersAsync(deadLetters, cancellationToken);
        }
    }

    private ResiliencePipeline<int> BulkRetryPipeline()
    {
        var builder = new ResiliencePipelineBuilder<int> { TimeProvider = _timeProvider };
        if (_options.Bulk.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<int>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is null && args.Outcome.Result > 0),
                MaxRetryAttempts = _options.Bulk.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.RetryDelay,
                MaxDelay = _options.MaxRetryDelay,
                OnRetry = args =>
                {
                    Log.BulkItemsRetrying(_logger, args.Outcome.Result, args.AttemptNumber + 2);
                    return ValueTask.CompletedTask;
                },
            });
        }
        return builder.Build();
    }

    private static bool IsTransientError(ElasticsearchErrorCause? error) =>
        error?.Type is "es_rejected_execution_exception" or "circuit_breaking_exception" or "unavailable_shards_exception";

    private static IndexItemResult Failed(PendingItem item, BulkResponseItem result, int attempts) =>
        new(item.Article.Id, IndexOutcome.Failed,
            $"{(result.Error?.Type is { Length: > 0 } type ? type + ": " : "")}{result.Error?.Describe() ?? "HTTP " + result.Status.ToString(CultureInfo.InvariantCulture)}" +
            (attempts > 1 ? $" (after {attempts} attempts)" : ""));

    private DeadLetterEntry DeadLetter(PendingItem item, BulkResponseItem result, int attempts) =>
        new(item.Article.Id, result.Index.Length > 0 ? result.Index : _options.WriteAlias, result.Status,
            result.Error?.Type ?? "", result.Error?.Describe() ?? "", attempts, item.Document);

    // ---- Reading ----

    public async Task<Article?> GetAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var response = await _client.GetDocumentAsync(_options.ReadAlias, id, cancellationToken);
        return response?.Source is { } source ? ArticleDocument.FromJson(source).ToArticle() : null;
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var deleted = await _client.DeleteDocumentAsync(_options.WriteAlias, id, _options.Refresh, cancellationToken);
        // During a reindex reads still come from the old index: delete there too.
        var write = await WriteIndexAsync(cancellationToken);
        foreach (var index in await AliasIndicesAsync(_options.ReadAlias, cancellationToken))
        {
            if (index != write)
            {
                deleted |= await _client.DeleteDocumentAsync(index, id, _options.Refresh, cancellationToken);
            }
        }
        return deleted;
    }

    public Task<long> CountAsync(CancellationToken cancellationToken) =>
        _client.CountAsync(_options.ReadAlias, null, cancellationToken);

    public async Task<SearchResult> SearchAsync(SearchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (from, size) = ElasticsearchQueryBuilder.Window(request);
        if (from + size <= _options.MaxResultWindow)
        {
            var body = ElasticsearchQueryBuilder.BuildSearch(request, new ElasticsearchQueryBuilder.SearchPage { From = from, Size = size });
            var response = await _client.SearchAsync(_options.ReadAlias, body, cancellationToken);
            return ToResult(response, response.Hits.Hits, response.Took);
        }
        return await DeepSearchAsync(request, from, size, cancellationToken);
    }

    /// <summary>
    /// A page beyond max_result_window: walk to it over a point in time with search_after (sort values only),
    /// computing total, facets and histogram on the first request, then fetch the page itself.
    /// </summary>
    private async Task<SearchResult> DeepSearchAsync(SearchRequest request, int from, int size, CancellationToken cancellationToken)
    {
        var keepAlive = _options.PointInTimeKeepAlive;
        var pit = await _client.OpenPointInTimeAsync(_options.ReadAlias, keepAlive, cancellationToken);
        try
        {
            SearchResponse? first = null;
            IReadOnlyList<JsonNode?>? after = null;
            long took = 0;
            var skipped = 0;
            while (skipped < from)
            {
                var chunk = Math.Min(from - skipped, _options.MaxResultWindow);
                var body = ElasticsearchQueryBuilder.BuildSearch(request, new ElasticsearchQueryBuilder.SearchPage
                {
                    Size = chunk,
                    SearchAfter = after,
                    PointInTimeId = pit,
                    PointInTimeKeepAlive = keepAlive,
                    Aggregations = first is null,
                    Documents = false,
                });
                var response = await _client.SearchAsync(null, body, cancellationToken);
                pit = response.PitId ?? pit;
                first ??= response;
                took += response.Took;
                if (response.Hits.Hits.Count < chunk)
                {
                    return ToResult(first, [], took); // the page is past the last hit
                }
                after = SortValues(response.Hits.Hits[^1]);
                skipped += chunk;
            }
            var page = await _client.SearchAsync(null, ElasticsearchQueryBuilder.BuildSearch(request, new ElasticsearchQueryBuilder.SearchPage
            {
                Size = size,
                SearchAfter = after,
                PointInTimeId = pit,
                PointInTimeKeepAlive = keepAlive,
                Aggregations = false,
                Documents = true,
            }), cancellationToken);
            pit = page.PitId ?? pit;
            return ToResult(first!, page.Hits.Hits, took + page.Took);
        }
        finally
        {
            // Best effort, even when the search was cancelled; the point in time expires after keep_alive anyway.
            using var closing = new CancellationTokenSource(TimeSpan.FromSeconds(5), _timeProvider);
            try
            {
                await _client.ClosePointInTimeAsync(pit, closing.Token);
            }
            catch (ElasticsearchException ex)
            {
                Log.PointInTimeNotClosed(_logger, ex.Message);
            }
            catch (OperationCanceledException) when (closing.IsCancellationRequested)
            {
                Log.PointInTimeNotClosed(_logger, "no answer within 5 seconds");
            }
        }
    }

    private static List<JsonNode?> SortValues(SearchHitResult hit) =>
        hit.Sort?.Select(v => JsonSerializer.SerializeToNode(v)).ToList()
        ?? throw new ElasticsearchException("Elasticsearch returned a hit without sort values for search_after.");

    private sealed record HitSource
    {
        public string Id { get; init; } = "";
        public string Title { get; init; } = "";
        public string Lead { get; init; } = "";
        public string? Url { get; init; }
        public string Source { get; init; } = "";
        public DateTimeOffset? Published { get; init; }
        public string Language { get; init; } = "und";
        public string? StoryId { get; init; }
        public IReadOnlyList<ArticleEntity> Entities { get; init; } = [];
    }

    /// <summary>Turns Elasticsearch answers into the engine-neutral result: aggregations from <paramref name="aggregationsFrom"/>, hits from <paramref name="hits"/>.</summary>
    internal static SearchResult ToResult(SearchResponse aggregationsFrom, IReadOnlyList<SearchHitResult> hits, long took)
    {
        var aggregations = aggregationsFrom.Aggs();
        var facets = new Dictionary<string, IReadOnlyList<FacetCount>>(StringComparer.Ordinal);
        foreach (var field in ElasticsearchQueryBuilder.Facets)
        {
            var name = ElasticsearchQueryBuilder.FacetName(field);
            facets[name] = aggregations.TryGetValue(name, out var facet) && facet.SubAggregations().TryGetValue("values", out var values)
                ? values.Buckets()
                    .Select(b => new FacetCount(KeyText(b.GetProperty("key")), b.GetProperty("doc_count").GetInt64()))
                    .OrderByDescending(f => f.Count).ThenBy(f => f.Value, StringComparer.Ordinal)
                    .ToList()
                : [];
        }
        var histogram = aggregations.TryGetValue(ElasticsearchQueryBuilder.HistogramAggregation, out var h) &&
                        h.SubAggregations().TryGetValue("days", out var days)
            ? days.Buckets()
                .Where(b => b.GetProperty("doc_count").GetInt64() > 0)
                .Select(b => new HistogramBucket(
                    DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(b.GetProperty("key").GetInt64()).UtcDateTime),
                    b.GetProperty("doc_count").GetInt64()))
                .OrderBy(b => b.Date)
                .ToList()
            : [];

        return new SearchResult
        {
            Total = aggregationsFrom.Hits.Total?.Value ?? hits.Count,
            TookMs = took,
            Hits = hits.Select(ToHit).ToList(),
            Facets = facets,
            Histogram = histogram,
        };
    }

    private static string KeyText(JsonElement key) =>
        key.ValueKind == JsonValueKind.String ? key.GetString() ?? "" : key.GetRawText();

    private static SearchHit ToHit(SearchHitResult hit)
    {
        var source = hit.Source is { } element
            ? element.Deserialize<HitSource>(IngestorJson.Compact) ?? new HitSource()
            : new HitSource();
        var snippet = Marked(hit, "body") ?? Marked(hit, "title") ?? WebUtility.HtmlEncode(Truncate(source.Lead));
        return new SearchHit
        {
            Id = source.Id.Length > 0 ? source.Id : hit.Id,
            Title = source.Title,
            Snippet = snippet,
            Url = source.Url,
            Source = source.Source,
            Published = source.Published,
            Language = source.Language,
            StoryId = source.StoryId,
            Entities = source.Entities.Select(e => new HitEntity(e.Name, e.Type)).ToList(),
        };
    }

    /// <summary>The field's highlighted fragment when it marks a match.</summary>
    private static string? Marked(SearchHitResult hit, string field) =>
        hit.Highlight is { } highlight && highlight.TryGetValue(field, out var fragments) &&
        fragments.FirstOrDefault(f => f.Contains("<mark>", StringComparison.Ordinal)) is { } fragment
            ? fragment
            : null;

    /// <summary>At most a snippet's length, cut at a word boundary when there is one.</summary>
    private static string Truncate(string text)
    {
        if (text.Length <= ElasticsearchQueryBuilder.SnippetLength)
        {
            return text;
        }
        var cut = text.LastIndexOf(' ', ElasticsearchQueryBuilder.SnippetLength);
        return (cut > ElasticsearchQueryBuilder.SnippetLength / 2 ? text[..cut] : text[..ElasticsearchQueryBuilder.SnippetLength]) + "…";
    }

    // ---- Reindex ----

    /// <summary>
    /// Moves the articles to a new index with the current templates, without downtime: creates
    /// <c>PREFIX-v(N+1)</c>, points the write alias at it (new writes land there), copies the old index with
    /// <c>op_type: create</c> so a copy never overwrites a newer write, then points the read alias at it.
    /// Searches see the old index until the copy is done. An interrupted reindex (aliases on different
    /// indices) is finished by calling this again.
    /// </summary>
    public async Task<ReindexResult> ReindexAsync(bool deleteOld, CancellationToken cancellationToken)
    {
        await PutTemplatesAsync(cancellationToken);
        var read = await AliasIndicesAsync(_options.ReadAlias, cancellationToken);
        var write = await WriteIndexAsync(cancellationToken);
        if (read.Count == 0 || write is null)
        {
            await InitializeAsync(cancellationToken);
            var index = await WriteIndexAsync(cancellationToken) ?? _options.VersionedIndex(ElasticsearchTemplates.MappingVersion);
            return new ReindexResult(index, index, 0, 0, 0, false);
        }
        if (read.Count > 1)
        {
            throw new ElasticsearchException($"The alias '{_options.ReadAlias}' points at several indices ({string.Join(", ", read)}); fix the aliases first.");
        }
        var source = read[0];
        var target = write;
        if (source == write)
        {
            target = await NextIndexNameAsync(source, cancellationToken);
            await _client.CreateIndexAsync(target, ElasticsearchTemplates.CreateArticleIndex(_options, withAliases: false), cancellationToken);
            await _client.UpdateAliasesAsync(new JsonObject
            {
                ["actions"] = new JsonArray(
                    AliasAction("remove", source, _options.WriteAlias),
                    AliasAction("add", target, _options.WriteAlias, isWriteIndex: true)),
            }, cancellationToken);
        }

        var copy = await _client.ReindexAsync(ReindexBody(source, target), cancellationToken);
        if (copy.Failures.Count > 0 || copy.TimedOut)
        {
            throw new ElasticsearchException(
                $"Reindex from {source} to {target} did not complete ({copy.Failures.Count} failures{(copy.TimedOut ? ", timed out" : "")}); " +
                $"writes go to {target}, reads still come from {source}; run the reindex again to finish. " +
                (copy.Failures.Count > 0 ? copy.Failures[0].GetRawText() : ""));
        }

        var actions = new JsonArray(
            AliasAction("remove", source, _options.ReadAlias),
            AliasAction("add", target, _options.ReadAlias));
        if (deleteOld)
        {
            actions.Add(new JsonObject { ["remove_index"] = new JsonObject { ["index"] = source } });
        }
        await _client.UpdateAliasesAsync(new JsonObject { ["actions"] = actions }, cancellationToken);
        Log.Reindexed(_logger, copy.Created, source, target);
        return new ReindexResult(source, target, copy.Total, copy.Created, copy.VersionConflicts, deleteOld);
    }

    /// <summary>The server-side copy: never overwrite what the new index already has (a newer write).</summary>
    public static JsonObject ReindexBody(string source, string target) => new()
    {
        ["conflicts"] = "proceed",
        ["source"] = new JsonObject { ["index"] = source },
        ["dest"] = new JsonObject { ["index"] = target, ["op_type"] = "create" },
    };

    private async Task<string> NextIndexNameAsync(string current, CancellationToken cancellationToken)
    {
        var version = ParseVersion(current, _options.IndexPrefix) ?? 0;
        for (var next = Math.Max(version + 1, ElasticsearchTemplates.MappingVersion); ; next++)
        {
            var name = _options.VersionedIndex(next);
            if (!await _client.IndexExistsAsync(name, cancellationToken))
            {
                return name;
            }
        }
    }

    internal static int? ParseVersion(string index, string prefix) =>
        index.StartsWith(prefix + "-v", StringComparison.Ordinal) &&
        int.TryParse(index.AsSpan(prefix.Length + 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : null;

    /// <summary>Removes every index behind the aliases and the templates (tests and `ingestor es drop`-style cleanup).</summary>
    public async Task DropAsync(CancellationToken cancellationToken)
    {
        var indices = (await AliasIndicesAsync(_options.ReadAlias, cancellationToken))
            .Concat(await AliasIndicesAsync(_options.WriteAlias, cancellationToken))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        foreach (var index in indices)
        {
            await _client.DeleteIndexAsync(index, cancellationToken);
        }
        await _client.SendAsync(ElasticsearchRequests.DeleteIndexTemplate(ElasticsearchTemplates.IndexTemplateName(_options)), cancellationToken);
        foreach (var component in new[] { ElasticsearchTemplates.SettingsComponentName(_options), ElasticsearchTemplates.MappingsComponentName(_options) })
        {
            await _client.SendAsync(ElasticsearchRequests.DeleteComponentTemplate(component), cancellationToken);
        }
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Ingestor.Articles;
using Microsoft.Extensions.Options;

namespace Ingestor.Index.Elasticsearch;

/// <summary>A saved rule that matched: its id and the articles (by id) it matched.</summary>
public sealed record PercolateMatch(string RuleId, string? RuleName, IReadOnlyList<string> ArticleIds);

/// <summary>
/// Saved alert rules in the percolator index (<c>ingestor-alerts</c>): each rule is stored as a query, and a
/// batch of new articles is matched against all rules with one <c>percolate</c> search.
/// </summary>
public sealed class ElasticsearchAlertIndex(ElasticsearchClient client, IOptions<ElasticsearchOptions> options)
{
    /// <summary>Articles per percolate request.</summary>
    public const int BatchSize = 100;

    private readonly ElasticsearchOptions _options = options.Value;

    public string Index => _options.AlertsIndex;

    /// <summary>Creates the percolator index when it does not exist.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (!await client.IndexExistsAsync(Index, cancellationToken))
        {
            await client.CreateIndexAsync(Index, ElasticsearchTemplates.CreateAlertsIndex(_options), cancellationToken);
        }
    }

    /// <summary>The stored form of a rule: its id, name and query (words, facet filters, duplicates excluded).</summary>
    public static JsonObject RuleDocument(string ruleId, string? name, SearchRequest criteria) => new()
    {
        ["rule_id"] = ruleId,
        ["rule_name"] = name,
        ["query"] = ElasticsearchQueryBuilder.RuleQuery(criteria),
    };

    public Task PutRuleAsync(string ruleId, string? name, SearchRequest criteria, CancellationToken cancellationToken) =>
        client.IndexDocumentAsync(Index, ruleId, RuleDocument(ruleId, name, criteria), ElasticsearchRefresh.WaitFor, cancellationToken);

    public Task<bool> DeleteRuleAsync(string ruleId, CancellationToken cancellationToken) =>
        client.DeleteDocumentAsync(Index, ruleId, ElasticsearchRefresh.WaitFor, cancellationToken);

    /// <summary>The rules matching any of the articles, each with the articles it matched.</summary>
    public async Task<IReadOnlyList<PercolateMatch>> PercolateAsync(IReadOnlyList<Article> articles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(articles);
        var matches = new Dictionary<string, (string? Name, List<string> Ids)>(StringComparer.Ordinal);
        foreach (var batch in articles.Chunk(BatchSize))
        {
            var response = await client.SearchAsync(Index, ElasticsearchQueryBuilder.PercolateSearch(batch), cancellationToken);
            foreach (var (ruleId, name, slots) in ReadMatches(response))
            {
                if (!matches.TryGetValue(ruleId, out var entry))
                {
                    entry = (name, []);
                    matches[ruleId] = entry;
                }
                entry.Ids.AddRange(slots.Where(s => s >= 0 && s < batch.Length).Select(s => batch[s].Id));
            }
        }
        return matches.Select(kv => new PercolateMatch(kv.Key, kv.Value.Name, kv.Value.Ids)).ToList();
    }

    /// <summary>Each hit of a percolate search: the rule and the document slots it matched.</summary>
    public static IEnumerable<(string RuleId, string? RuleName, IReadOnlyList<int> Slots)> ReadMatches(SearchResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        foreach (var hit in response.Hits.Hits)
        {
            string? ruleId = null;
            string? name = null;
            if (hit.Source is { ValueKind: JsonValueKind.Object } source)
            {
                ruleId = source.TryGetProperty("rule_id", out var id) ? id.GetString() : null;
                name = source.TryGetProperty("rule_name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            }
            var slots = hit.Fields is { } fields && fields.TryGetValue("_percolator_document_slot", out var slotArray) &&
                        slotArray.ValueKind == JsonValueKind.Array
                ? slotArray.EnumerateArray().Select(s => s.GetInt32()).ToList()
                : [0]; // a single-document percolate has no slot field
            yield return (ruleId ?? hit.Id, name, slots);
        }
    }
}

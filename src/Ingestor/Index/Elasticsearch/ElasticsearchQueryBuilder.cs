using System.Text;
using System.Text.Json.Nodes;
using Ingestor.Articles;

namespace Ingestor.Index.Elasticsearch;

/// <summary>
/// Translates an engine-neutral <see cref="SearchRequest"/> into the Elasticsearch <c>_search</c> body: the user
/// query as <c>simple_query_string</c> over title (boosted) and body, the date range and duplicate collapsing in
/// the query, facet filters in <c>post_filter</c>, one filter aggregation per facet that applies every other
/// facet's filter (disjunctive multi-select faceting), a day histogram under all filters, and highlighting
/// with &lt;mark&gt;. Pure: <c>ingestor search --show-query</c> prints <see cref="BuildSearch(SearchRequest)"/>.
/// </summary>
public static class ElasticsearchQueryBuilder
{
    /// <summary>Characters of a snippet (the highlighted body fragment).</summary>
    public const int SnippetLength = 200;

    /// <summary>The fields the user query searches, title boosted.</summary>
    public static IReadOnlyList<string> TextFields { get; } = ["title^2", "body"];

    /// <summary>The simple_query_string operators the user syntax needs; fuzzy, slop and near stay off so '~' is text.</summary>
    public const string QueryFlags = "AND|ESCAPE|NOT|OR|PHRASE|PRECEDENCE|PREFIX|WHITESPACE";

    /// <summary>Name of the day histogram aggregation in the body (a filter aggregation holding "days").</summary>
    public const string HistogramAggregation = "histogram";

    /// <summary>The stored fields a hit needs (the body is read through the highlighter instead).</summary>
    public static IReadOnlyList<string> HitSourceFields { get; } =
        ["id", "title", "lead", "url", "source", "published", "language", "story_id", "entities"];

    public static IReadOnlyList<FacetField> Facets { get; } = Enum.GetValues<FacetField>();

    /// <summary>The facet name in results ("person", ..., "story").</summary>
    public static string FacetName(FacetField field) => field switch
    {
        FacetField.Person => "person",
        FacetField.Organization => "organization",
        FacetField.Location => "location",
        FacetField.Source => "source",
        FacetField.Language => "language",
        FacetField.Story => "story",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };

    /// <summary>The keyword field a facet counts and filters.</summary>
    public static string FieldName(FacetField field) => field switch
    {
        FacetField.Story => "story_id",
        _ => FacetName(field),
    };

    /// <summary>
    /// The body of a search for one page by from/size, with facets, histogram and highlighting: what
    /// <c>--show-query</c> prints. The engine sends exactly this while from+size stays within the index's
    /// max_result_window (10,000 by default); deeper pages walk a point in time with search_after using the
    /// same query, post_filter, sort and aggregations (<see cref="BuildSearch(SearchRequest, SearchPage)"/>).
    /// </summary>
    public static JsonObject BuildSearch(SearchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (from, size) = Window(request);
        return BuildSearch(request, new SearchPage { From = from, Size = size });
    }

    /// <summary>Facet values listed at most, whatever a request asks.</summary>
    public const int MaxFacetSize = 1000;

    /// <summary>The offset and size a request asks for; a size above <see cref="SearchRequest.MaxSize"/> is capped.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The page is outside 1..MaxPage, or the size or facet size is negative.</exception>
    public static (int From, int Size) Window(SearchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Page < 1 || request.Page > SearchRequest.MaxPage)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.Page, $"page must be between 1 and {SearchRequest.MaxPage}.");
        }
        if (request.Size < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.Size, "size must not be negative.");
        }
        if (request.FacetSize < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.FacetSize, "facet size must not be negative.");
        }
        var size = Math.Min(request.Size, SearchRequest.MaxSize);
        return ((request.Page - 1) * size, size);
    }

    /// <summary>One request of a search: from/size, or a point in time with search_after for deep pages.</summary>
    public sealed record SearchPage
    {
        public int? From { get; init; }
        public required int Size { get; init; }
        public IReadOnlyList<JsonNode?>? SearchAfter { get; init; }
        public string? PointInTimeId { get; init; }
        public TimeSpan PointInTimeKeepAlive { get; init; } = TimeSpan.FromMinutes(1);
        /// <summary>Total, facets and histogram: needed once per search.</summary>
        public bool Aggregations { get; init; } = true;
        /// <summary>Stored fields and highlights: only for the page shown (skipping pages needs sort values only).</summary>
        public bool Documents { get; init; } = true;
    }

    public static JsonObject BuildSearch(SearchRequest request, SearchPage page)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(page);
        var body = new JsonObject
        {
            ["query"] = Query(request),
        };
        if (FacetFilter(request, except: null) is { } postFilter)
        {
            body["post_filter"] = postFilter;
        }
        if (page.Aggregations)
        {
            body["aggregations"] = Aggregations(request);
            body["track_total_hits"] = true;
        }
        else
        {
            body["track_total_hits"] = false;
        }
        body["sort"] = Sort(request.Sort);
        if (page.From is { } from)
        {
            body["from"] = from;
        }
        body["size"] = page.Size;
        if (page.SearchAfter is { } after)
        {
            body["search_after"] = new JsonArray(after.Select(v => v?.DeepClone()).ToArray());
        }
        if (page.PointInTimeId is { } pit)
        {
            body["pit"] = new JsonObject
            {
                ["id"] = pit,
                ["keep_alive"] = ElasticsearchRequests.Duration(page.PointInTimeKeepAlive),
            };
        }
        if (page.Documents)
        {
            body["_source"] = new JsonObject { ["includes"] = Strings(HitSourceFields) };
            body["highlight"] = Highlight();
        }
        else
        {
            body["_source"] = false;
        }
        return body;
    }

    /// <summary>The main query: user text, date range and duplicate collapsing (facet filters go to post_filter).</summary>
    public static JsonObject Query(SearchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var must = new JsonArray();
        var filter = new JsonArray();
        var mustNot = new JsonArray();
        if (TextQuery(request.Query) is { } text)
        {
            must.Add(text);
        }
        if (request.From is not null || request.To is not null)
        {
            var range = new JsonObject();
            if (request.From is { } fromDate)
            {
                range["gte"] = UtcDateTimeOffsetConverter.FormatUtc(fromDate);
            }
            if (request.To is { } toDate)
            {
                range["lt"] = UtcDateTimeOffsetConverter.FormatUtc(toDate);
            }
            filter.Add(new JsonObject { ["range"] = new JsonObject { ["published"] = range } });
        }
        if (request.Collapse)
        {
            mustNot.Add(new JsonObject { ["exists"] = new JsonObject { ["field"] = "duplicate_of" } });
        }
        if (must.Count == 0 && filter.Count == 0 && mustNot.Count == 0)
        {
            return MatchAll();
        }
        var boolQuery = new JsonObject();
        if (must.Count > 0)
        {
            boolQuery["must"] = must;
        }
        if (filter.Count > 0)
        {
            boolQuery["filter"] = filter;
        }
        if (mustNot.Count > 0)
        {
            boolQuery["must_not"] = mustNot;
        }
        return new JsonObject { ["bool"] = boolQuery };
    }

    /// <summary>The facet filters (OR within a field, AND across fields), leaving out <paramref name="except"/>; null when none apply.</summary>
    public static JsonObject? FacetFilter(SearchRequest request, FacetField? except)
    {
        ArgumentNullException.ThrowIfNull(request);
        var clauses = new JsonArray();
        foreach (var field in Facets)
        {
            if (field == except)
            {
                continue;
            }
            var values = request.FilterValues(field).Where(v => v is not null).Distinct(StringComparer.Ordinal).ToArray();
            if (values.Length == 0)
            {
                continue;
            }
            clauses.Add(new JsonObject
            {
                ["terms"] = new JsonObject { [FieldName(field)] = Strings(values) },
            });
        }
        return clauses.Count == 0 ? null : new JsonObject { ["bool"] = new JsonObject { ["filter"] = clauses } };
    }

    /// <summary>
    /// One filter aggregation per facet holding a terms aggregation ("values"); each filter applies every facet
    /// filter but its own, so a selected value's siblings keep their counts. The histogram applies all filters.
    /// </summary>
    public static JsonObject Aggregations(SearchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var facetSize = Math.Min(request.FacetSize, MaxFacetSize);
        var aggregations = new JsonObject();
        foreach (var field in facetSize == 0 ? [] : Facets)
        {
            aggregations[FacetName(field)] = new JsonObject
            {
                ["filter"] = FacetFilter(request, except: field) ?? MatchAll(),
                ["aggregations"] = new JsonObject
                {
                    ["values"] = new JsonObject
                    {
                        ["terms"] = new JsonObject
                        {
                            ["field"] = FieldName(field),
                            ["size"] = facetSize,
                            ["order"] = new JsonArray(
                                new JsonObject { ["_count"] = "desc" },
                                new JsonObject { ["_key"] = "asc" }),
                        },
                    },
                },
            };
        }
        aggregations[HistogramAggregation] = new JsonObject
        {
            ["filter"] = FacetFilter(request, except: null) ?? MatchAll(),
            ["aggregations"] = new JsonObject
            {
                ["days"] = new JsonObject
                {
                    ["date_histogram"] = new JsonObject
                    {
                        ["field"] = "published",
                        ["calendar_interval"] = "day",
                        ["min_doc_count"] = 1,
                        ["format"] = "yyyy-MM-dd",
                    },
                },
            },
        };
        return aggregations;
    }

    /// <summary>Relevance: score, then newest, then id; newest: published (undated last), then id.</summary>
    public static JsonArray Sort(SearchSort sort)
    {
        var published = new JsonObject
        {
            ["published"] = new JsonObject { ["order"] = "desc", ["missing"] = "_last" },
        };
        var id = new JsonObject { ["id"] = new JsonObject { ["order"] = "asc" } };
        return sort == SearchSort.Newest
            ? new JsonArray(published, id)
            : new JsonArray(new JsonObject { ["_score"] = new JsonObject { ["order"] = "desc" } }, published, id);
    }

    /// <summary>
    /// Matches in title and body (the fields the query searches; "*" with require_field_match keeps it to them),
    /// HTML-escaped with &lt;mark&gt;: one fragment per field, nothing for a field without a match. A single
    /// wildcard key is valid for both the 8.19 and the main specification, which disagree on several keys.
    /// </summary>
    public static JsonObject Highlight() => new()
    {
        ["encoder"] = "html",
        ["pre_tags"] = new JsonArray("<mark>"),
        ["post_tags"] = new JsonArray("</mark>"),
        ["require_field_match"] = true,
        // Highlight only the first million characters of a huge body instead of failing the search.
        ["max_analyzed_offset"] = 1_000_000,
        ["fields"] = new JsonObject
        {
            ["*"] = new JsonObject
            {
                ["type"] = "unified",
                ["fragment_size"] = SnippetLength,
                ["number_of_fragments"] = 1,
                ["no_match_size"] = 0,
            },
        },
    };

    public static JsonObject MatchAll() => new() { ["match_all"] = new JsonObject() };

    /// <summary>
    /// The user query as an Elasticsearch query: one simple_query_string with default_operator AND, except that a
    /// phrase prefix ("board of pe"*), which simple_query_string cannot express, becomes a phrase_prefix
    /// multi_match inside a bool that mirrors the surrounding AND/OR/NOT. Null when the query is empty.
    /// </summary>
    public static JsonObject? TextQuery(QueryNode? node)
    {
        if (node is null)
        {
            return null;
        }
        return HasPhrasePrefix(node) ? Structured(node) : SimpleQueryString(ToSimpleQueryString(node));
    }

    private static JsonObject SimpleQueryString(string query) => new()
    {
        ["simple_query_string"] = new JsonObject
        {
            ["query"] = query,
            ["fields"] = Strings(TextFields),
            ["default_operator"] = "and",
            ["flags"] = QueryFlags,
        },
    };

    private static bool HasPhrasePrefix(QueryNode node) => node switch
    {
        PhraseNode p => p.Prefix,
        AndNode a => a.Children.Any(HasPhrasePrefix),
        OrNode o => o.Children.Any(HasPhrasePrefix),
        NotNode n => HasPhrasePrefix(n.Child),
        _ => false,
    };

    private static JsonObject Structured(QueryNode node)
    {
        if (!HasPhrasePrefix(node))
        {
            return SimpleQueryString(ToSimpleQueryString(node));
        }
        switch (node)
        {
            case PhraseNode phrase:
                return new JsonObject
                {
                    ["multi_match"] = new JsonObject
                    {
                        ["query"] = phrase.Text,
                        ["type"] = "phrase_prefix",
                        ["fields"] = Strings(TextFields),
                    },
                };
            case AndNode and:
            {
                var must = new JsonArray();
                var mustNot = new JsonArray();
                foreach (var child in and.Children)
                {
                    if (child is NotNode not)
                    {
                        mustNot.Add(Structured(not.Child));
                    }
                    else
                    {
                        must.Add(Structured(child));
                    }
                }
                var boolQuery = new JsonObject();
                if (must.Count > 0)
                {
                    boolQuery["must"] = must;
                }
                if (mustNot.Count > 0)
                {
                    boolQuery["must_not"] = mustNot;
                }
                return new JsonObject { ["bool"] = boolQuery };
            }
            case OrNode or:
                return new JsonObject
                {
                    ["bool"] = new JsonObject
                    {
                        ["should"] = new JsonArray(or.Children.Select(c => (JsonNode?)Structured(c)).ToArray()),
                        ["minimum_should_match"] = 1,
                    },
                };
            case NotNode not:
                return new JsonObject { ["bool"] = new JsonObject { ["must_not"] = new JsonArray(Structured(not.Child)) } };
            default:
                throw new ArgumentException($"Unknown query node {node.GetType().Name}.", nameof(node));
        }
    }

    /// <summary>
    /// The user query in simple_query_string syntax: whitespace for AND (default_operator and), '|' for OR,
    /// '-' for exclusion, quotes for phrases, a trailing '*' for prefixes, and parentheses around every
    /// compound part, since simple_query_string reads operators left to right without precedence. Operator
    /// characters inside words are escaped.
    /// </summary>
    public static string ToSimpleQueryString(QueryNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var sb = new StringBuilder();
        Append(sb, node);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, QueryNode node)
    {
        switch (node)
        {
            case TermNode term:
                AppendEscaped(sb, term.Text, inPhrase: false);
                if (term.Prefix)
                {
                    sb.Append('*');
                }
                break;
            case PhraseNode phrase:
                sb.Append('"');
                AppendEscaped(sb, phrase.Text, inPhrase: true);
                sb.Append('"');
                break;
            case AndNode and:
                AppendJoined(sb, and.Children, " ");
                break;
            case OrNode or:
                AppendJoined(sb, or.Children, " | ");
                break;
            case NotNode not:
                sb.Append('-');
                AppendOperand(sb, not.Child);
                break;
            default:
                throw new ArgumentException($"Unknown query node {node.GetType().Name}.", nameof(node));
        }
    }

    private static void AppendJoined(StringBuilder sb, IReadOnlyList<QueryNode> children, string separator)
    {
        for (var i = 0; i < children.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(separator);
            }
            if (children[i] is NotNode not)
            {
                sb.Append('-');
                AppendOperand(sb, not.Child);
            }
            else
            {
                AppendOperand(sb, children[i]);
            }
        }
    }

    private static void AppendOperand(StringBuilder sb, QueryNode node)
    {
        if (node is AndNode or OrNode or NotNode)
        {
            sb.Append('(');
            Append(sb, node);
            sb.Append(')');
        }
        else
        {
            Append(sb, node);
        }
    }

    private static void AppendEscaped(StringBuilder sb, string text, bool inPhrase)
    {
        foreach (var c in text)
        {
            var special = inPhrase
                ? c is '"' or '\\'
                : c is '\\' or '+' or '|' or '-' or '"' or '*' or '(' or ')' or '~';
            if (special)
            {
                sb.Append('\\');
            }
            sb.Append(c);
        }
    }

    /// <summary>
    /// The query a saved alert rule stores in the percolator index: its words and facet filters, and no
    /// duplicates when it collapses them. Date ranges do not apply to alerts, which look at new articles.
    /// </summary>
    public static JsonObject RuleQuery(SearchRequest criteria)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        var boolQuery = new JsonObject();
        if (TextQuery(criteria.Query) is { } text)
        {
            boolQuery["must"] = new JsonArray(text);
        }
        if (FacetFilter(criteria, except: null) is { } filter)
        {
            boolQuery["filter"] = new JsonArray(filter);
        }
        if (criteria.Collapse)
        {
            boolQuery["must_not"] = new JsonArray(new JsonObject { ["exists"] = new JsonObject { ["field"] = "duplicate_of" } });
        }
        return boolQuery.Count == 0 ? MatchAll() : new JsonObject { ["bool"] = boolQuery };
    }

    /// <summary>
    /// A search of the percolator index for the saved rules matching any of <paramref name="articles"/>; each hit is
    /// a rule, and its <c>fields._percolator_document_slot</c> lists the positions of the articles it matched.
    /// </summary>
    public static JsonObject PercolateSearch(IReadOnlyList<Article> articles, int maxRules = 1000)
    {
        ArgumentNullException.ThrowIfNull(articles);
        if (articles.Count == 0)
        {
            throw new ArgumentException("At least one article is needed.", nameof(articles));
        }
        return new JsonObject
        {
            ["query"] = new JsonObject
            {
                ["percolate"] = new JsonObject
                {
                    ["field"] = "query",
                    ["documents"] = new JsonArray(articles.Select(a => (JsonNode?)ArticleDocument.From(a).ToPercolatorJson()).ToArray()),
                },
            },
            ["size"] = maxRules,
            ["track_total_hits"] = true,
            ["_source"] = new JsonObject { ["includes"] = new JsonArray("rule_id", "rule_name") },
            ["sort"] = new JsonArray(new JsonObject { ["rule_id"] = new JsonObject { ["order"] = "asc" } }),
        };
    }

    private static JsonArray Strings(IEnumerable<string> values) =>
        new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}

using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using Ingestor.Articles;
using Ingestor.Collect.Feeds;
using Ingestor.Enrich.Duplicates;
using Ingestor.Enrich.Entities;
using Ingestor.Host.Bench;
using Ingestor.Index;
using Ingestor.Index.Sqlite;
using Ingestor.Normalize;
using Ingestor.Normalize.Html;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ingestor.Benchmarks;

/// <summary>Operations per second next to the mean, so pages/s and articles/s read straight off the table.</summary>
public sealed class ThroughputConfig : ManualConfig
{
    public ThroughputConfig() => AddColumn(StatisticColumn.OperationsPerSecond);
}

/// <summary>Plain-text normalization of one ~750-word article (decode, clean, headline, paragraphs, language).</summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class NormalizeBenchmarks
{
    private RawDocument _document = null!;

    [GlobalSetup]
    public void Setup() => _document = BenchData.Raw(new NewsCorpus(BenchData.Seed).Article(7));

    [Benchmark]
    public Article NormalizeText() => DocumentNormalizer.Normalize(_document).Articles[0];

    public Action Loop()
    {
        Setup();
        return () => NormalizeText();
    }
}

/// <summary>Article extraction from whole news pages of 100–500 KB: one operation is one page.</summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class HtmlBenchmarks
{
    private IReadOnlyList<(string Name, byte[] Html)> _pages = [];
    private int _next;

    [GlobalSetup]
    public void Setup() => _pages = BenchData.HtmlPages();

    /// <summary>Cycles through the pages so the mean is over the whole set, not one page's quirks.</summary>
    [Benchmark]
    public ExtractedContent ExtractHtml()
    {
        var (_, html) = _pages[_next++ % _pages.Count];
        return HtmlArticleExtractor.Extract(html, "text/html; charset=utf-8", new Uri("https://news.example/article"));
    }

    public Action Loop()
    {
        Setup();
        return () => ExtractHtml();
    }

    [Benchmark]
    public ExtractedContent ExtractGeneratedPage() => HtmlArticleExtractor.Extract(_generated, new Uri("https://news.example/generated"));

    private string _generated = BenchData.GeneratedPage(new NewsCorpus(BenchData.Seed).Article(3));
}

/// <summary>An RSS 2.0 feed of 50 items with HTML summaries: one operation is one feed.</summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class FeedBenchmarks
{
    private byte[] _feed = [];

    [GlobalSetup]
    public void Setup()
    {
        var items = BenchData.Corpus(50).Select(a =>
            $"<item><title>{System.Net.WebUtility.HtmlEncode(a.Title)}</title><link>https://news.example/{a.Number}</link>" +
            $"<guid>https://news.example/{a.Number}</guid><pubDate>{a.Published:R}</pubDate>" +
            $"<description>{System.Net.WebUtility.HtmlEncode("<p>" + a.Text.Split("\n\n")[1] + "</p>")}</description>" +
            "<category>World</category></item>");
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Daily Herald</title>" +
                  "<link>https://news.example/</link><description>News</description><language>en</language>" + string.Concat(items) + "</channel></rss>";
        _feed = System.Text.Encoding.UTF8.GetBytes(xml);
    }

    [Benchmark]
    public FeedDocument ParseFeed() => FeedParser.Parse(_feed, new Uri("https://news.example/rss"), "application/rss+xml");
}

/// <summary>Entity tagging of one article body: the trained tagger alone, and with gazetteer linking (what the pipeline runs).</summary>
[MemoryDiagnoser]
[Config(typeof(TagConfig))]
public class TagBenchmarks
{
    private static readonly Lazy<string> Text = new(() => DocumentNormalizer.Normalize(BenchData.Raw(new NewsCorpus(BenchData.Seed).Article(7))).Articles[0].Body);

    /// <summary>Tokens one operation tags, computed here (not in GlobalSetup) so the summary column can read it in the host process.</summary>
    public static IReadOnlyDictionary<string, int> TokensPerOperation { get; } = new Dictionary<string, int>
    {
        [nameof(TagTokens)] = NewsTokenizer.Tokenize(Text.Value).Count,
        [nameof(TagAndLink)] = NewsTokenizer.Tokenize(Text.Value).Count,
    };

    private NerTagger _tagger = null!;
    private EntityEnricher _enricher = null!;

    public sealed class TagConfig : ManualConfig
    {
        public TagConfig() => AddColumn(new TokensPerSecondColumn(), StatisticColumn.OperationsPerSecond);
    }

    [GlobalSetup]
    public void Setup()
    {
        _tagger = NerTagger.CreateDefault();
        _enricher = BenchData.Enricher();
    }

    [Benchmark]
    public int TagTokens() => _tagger.Tag(Text.Value).Count;

    [Benchmark]
    public int TagAndLink() => _enricher.Mentions(Text.Value).Count;

    public Action Loop()
    {
        Setup();
        return () => TagAndLink();
    }
}

/// <summary>MinHash signature of one article body (3-word shingles, 128 hashes) and its LSH lookup.</summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class DuplicateBenchmarks
{
    private string _body = "";
    private NearDuplicateIndex _index = null!;
    private uint[] _signature = [];

    [GlobalSetup]
    public void Setup()
    {
        var articles = BenchData.Corpus(2000);
        _body = articles[7].Text;
        _index = new NearDuplicateIndex();
        foreach (var article in articles)
        {
            var fingerprint = TextFingerprint.Compute(article.Text, 3, 20);
            if (fingerprint.Signature is { } signature)
            {
                _index.Add(article.FileName, signature, fingerprint.Shingles, article.Number);
            }
        }
        _signature = TextFingerprint.Compute(_body, 3, 20).Signature!;
    }

    [Benchmark]
    public DuplicateFingerprint Signature() => TextFingerprint.Compute(_body, 3, 20);

    [Benchmark]
    public int LshCandidates() => _index.Candidates(_signature, 700).Count;
}

/// <summary>The SQLite engine: one index batch of 256 enriched articles, and faceted searches over 5,000.</summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class IndexBenchmarks
{
    private const int Batch = 256;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ingestor-benchmarks-" + Guid.NewGuid().ToString("N")[..8]);
    private List<Article> _batch = [];
    private SqliteSearchIndex _writeIndex = null!;
    private SqliteSearchIndex _searchIndex = null!;
    private int _round;

    [GlobalSetup]
    public async Task Setup()
    {
        Directory.CreateDirectory(_folder);
        _batch = BenchData.Articles(Batch);
        _writeIndex = Open("write.db");
        await _writeIndex.InitializeAsync(CancellationToken.None);
        _searchIndex = Open("search.db");
        await _searchIndex.InitializeAsync(CancellationToken.None);
        for (var start = 0; start < 5000; start += 500)
        {
            await _searchIndex.IndexAsync(BenchData.Articles(500, start), CancellationToken.None);
        }
    }

    private SqliteSearchIndex Open(string name) =>
        new(Options.Create(new SqliteIndexOptions { Path = Path.Combine(_folder, name) }), TimeProvider.System, NullLogger<SqliteSearchIndex>.Instance);

    [GlobalCleanup]
    public void Cleanup()
    {
        _writeIndex.Dispose();
        _searchIndex.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>New ids each round, so every batch inserts (the common case) rather than updates.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public async Task<int> IndexBatch()
    {
        var round = Interlocked.Increment(ref _round);
        var articles = _batch.Select(a => a with { Id = a.Id + "-" + round.ToString(System.Globalization.CultureInfo.InvariantCulture) }).ToList();
        return (await _writeIndex.IndexAsync(articles, CancellationToken.None)).Count;
    }

    [Benchmark]
    public async Task<long> FacetedSearchBroad() =>
        (await _searchIndex.SearchAsync(new SearchRequest { Query = QuerySyntax.Parse("government") }, CancellationToken.None)).Total;

    [Benchmark]
    public async Task<long> FacetedSearchSelective() =>
        (await _searchIndex.SearchAsync(new SearchRequest { Query = QuerySyntax.Parse("wildfire") }, CancellationToken.None)).Total;

    [Benchmark]
    public async Task<long> FacetedSearchFilteredNewest() =>
        (await _searchIndex.SearchAsync(new SearchRequest
        {
            Query = QuerySyntax.Parse("talks"),
            Filters = new Dictionary<FacetField, IReadOnlyList<string>> { [FacetField.Source] = ["wire-europe"] },
            Sort = SearchSort.Newest,
        }, CancellationToken.None)).Total;
}

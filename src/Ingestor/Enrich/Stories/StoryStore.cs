using System.Text.Json;
using Ingestor.Articles;
using Ingestor.Pipeline;
using Microsoft.Data.Sqlite;

namespace Ingestor.Enrich.Stories;

/// <summary>An entity among a story's top ones, as the API lists it.</summary>
public sealed record StoryTopEntity(string Name, EntityType Type, string? Id, int Articles);

/// <summary>One story as <c>GET /api/stories</c> lists it.</summary>
public sealed record StorySummary(
    string Id,
    string Title,
    int ArticleCount,
    int SourceCount,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    IReadOnlyList<StoryTopEntity> TopEntities);

/// <summary>One article of a story, as <c>GET /api/stories/{id}</c> lists them.</summary>
public sealed record StoryArticle(
    string Id,
    string Title,
    string? Url,
    string Source,
    DateTimeOffset? Published,
    DateTimeOffset Seen,
    string? DuplicateOf);

/// <summary>A story with its articles in time order.</summary>
public sealed record StoryDetail(
    string Id,
    string Title,
    int ArticleCount,
    int SourceCount,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    IReadOnlyList<StoryTopEntity> TopEntities,
    IReadOnlyList<string> Sources,
    IReadOnlyList<StoryArticle> Articles);

/// <summary>An article's place in a story, as persisted.</summary>
/// <param name="Time">The article's time in the story (published, else first seen), Unix ms.</param>
public sealed record StoryMember(
    string ArticleId,
    string StoryId,
    string Title,
    string? Url,
    string Source,
    DateTimeOffset? Published,
    long Time,
    string? DuplicateOf,
    bool Started,
    double Score);

/// <summary>Stories in the state database: <c>stories</c>, <c>story_articles</c>, term statistics.</summary>
public sealed class StoryStore(StateDatabase database)
{
    public const int TopEntityCount = 10;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS stories (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            first_seen INTEGER NOT NULL,
            last_seen INTEGER NOT NULL,
            article_count INTEGER NOT NULL,
            source_count INTEGER NOT NULL,
            top_entities TEXT NOT NULL,
            state BLOB NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS stories_last_seen ON stories(last_seen);
        CREATE TABLE IF NOT EXISTS story_articles (
            article_id TEXT PRIMARY KEY,
            story_id TEXT NOT NULL,
            title TEXT NOT NULL,
            url TEXT,
            source TEXT NOT NULL,
            published INTEGER,
            time INTEGER NOT NULL,
            duplicate_of TEXT,
            started INTEGER NOT NULL,
            score REAL NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS story_articles_story ON story_articles(story_id, time);
        CREATE TABLE IF NOT EXISTS story_terms (
            term TEXT PRIMARY KEY,
            df INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS story_meta (
            key TEXT PRIMARY KEY,
            value INTEGER NOT NULL
        ) WITHOUT ROWID;
        """;

    private bool _schemaReady;

    private sealed record Snapshot(
        Dictionary<string, float> Centroid,
        int Members,
        List<StoryEntity> Entities,
        Dictionary<string, int> Sources,
        List<string> Titles);

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken);
        if (!_schemaReady)
        {
            await SqliteSetup.ExecuteAsync(connection, Schema, cancellationToken);
            _schemaReady = true;
        }
        return connection;
    }

    // ---- the clusterer's state ----

    public async Task<(Dictionary<string, int> Frequencies, long Documents)> LoadFrequenciesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var frequencies = new Dictionary<string, int>(StringComparer.Ordinal);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT term, df FROM story_terms";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                frequencies[reader.GetString(0)] = reader.GetInt32(1);
            }
        }
        await using var meta = connection.CreateCommand();
        meta.CommandText = "SELECT value FROM story_meta WHERE key = 'documents'";
        var documents = await meta.ExecuteScalarAsync(cancellationToken) is long n ? n : 0;
        return (frequencies, documents);
    }

    /// <summary>Stories updated since <paramref name="since"/> (Unix ms), the most recent <paramref name="max"/>.</summary>
    public async Task<IReadOnlyList<StoryState>> LoadActiveAsync(long since, int max, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, title, first_seen, last_seen, article_count, state FROM stories
            WHERE last_seen >= $since ORDER BY last_seen DESC LIMIT $max
            """;
        command.Parameters.AddWithValue("$since", since);
        command.Parameters.AddWithValue("$max", max);
        return await ReadStatesAsync(command, cancellationToken);
    }

    /// <summary>One story's full state, active or not (a late copy may join an old story).</summary>
    public async Task<StoryState?> LoadStateAsync(string storyId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, title, first_seen, last_seen, article_count, state FROM stories WHERE id = $id";
        command.Parameters.AddWithValue("$id", storyId);
        return (await ReadStatesAsync(command, cancellationToken)).FirstOrDefault();
    }

    private static async Task<List<StoryState>> ReadStatesAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var states = new List<StoryState>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var snapshot = JsonSerializer.Deserialize<Snapshot>((byte[])reader.GetValue(5), IngestorJson.Compact)
                           ?? throw new InvalidDataException($"Story {reader.GetString(0)} has no state.");
            var state = new StoryState
            {
                Id = reader.GetString(0),
                Title = reader.GetString(1),
                FirstSeen = reader.GetInt64(2),
                LastSeen = reader.GetInt64(3),
                ArticleCount = reader.GetInt32(4),
                Members = snapshot.Members,
                Sources = new Dictionary<string, int>(snapshot.Sources, StringComparer.Ordinal),
                Centroid = new Dictionary<string, float>(snapshot.Centroid, StringComparer.Ordinal),
                Entities = snapshot.Entities.ToDictionary(e => e.Key, StringComparer.Ordinal),
                Titles = snapshot.Titles,
            };
            state.RecomputeNorm();
            states.Add(state);
        }
        return states;
    }

    /// <summary>The story each of these articles belongs to, for those already placed.</summary>
    public async Task<Dictionary<string, string>> LookupMembersAsync(IReadOnlyCollection<string> articleIds, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT article_id, story_id FROM story_articles WHERE article_id IN (SELECT value FROM json_each($ids))";
        command.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(articleIds));
        var members = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            members[reader.GetString(0)] = reader.GetString(1);
        }
        return members;
    }

    /// <summary>Writes the stories a batch changed and where its articles went, in one transaction.</summary>
    public async Task SaveAsync(IReadOnlyCollection<StoryState> stories, IReadOnlyList<StoryMember> members, CancellationToken cancellationToken)
    {
        if (stories.Count == 0 && members.Count == 0)
        {
            return;
        }
        // Encoding a story's state is independent of the others: done on all cores, before taking the write lock.
        var touched = stories.ToArray();
        var encoded = new (string Top, byte[] State)[touched.Length];
        ParallelWork.For(touched.Length, i =>
        {
            var story = touched[i];
            encoded[i] = (JsonSerializer.Serialize(TopEntities(story), IngestorJson.Compact),
                JsonSerializer.SerializeToUtf8Bytes(new Snapshot(story.Centroid, story.Members, [.. story.Entities.Values], story.Sources, story.Titles), IngestorJson.Compact));
        });
        await database.WriteLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = """
                    INSERT OR REPLACE INTO stories (id, title, first_seen, last_seen, article_count, source_count, top_entities, state)
                    VALUES ($id, $title, $first, $last, $articles, $sources, $top, $state)
                    """;
                var id = command.Parameters.Add("$id", SqliteType.Text);
                var title = command.Parameters.Add("$title", SqliteType.Text);
                var first = command.Parameters.Add("$first", SqliteType.Integer);
                var last = command.Parameters.Add("$last", SqliteType.Integer);
                var articles = command.Parameters.Add("$articles", SqliteType.Integer);
                var sources = command.Parameters.Add("$sources", SqliteType.Integer);
                var top = command.Parameters.Add("$top", SqliteType.Text);
                var state = command.Parameters.Add("$state", SqliteType.Blob);
                for (var i = 0; i < touched.Length; i++)
                {
                    var story = touched[i];
                    id.Value = story.Id;
                    title.Value = story.Title;
                    first.Value = story.FirstSeen;
                    last.Value = story.LastSeen;
                    articles.Value = story.ArticleCount;
                    sources.Value = story.Sources.Count;
                    top.Value = encoded[i].Top;
                    state.Value = encoded[i].State;
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }
            }
            await using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = """
                    INSERT OR REPLACE INTO story_articles (article_id, story_id, title, url, source, published, time, duplicate_of, started, score)
                    VALUES ($id, $story, $title, $url, $source, $published, $time, $of, $started, $score)
                    """;
                var id = command.Parameters.Add("$id", SqliteType.Text);
                var story = command.Parameters.Add("$story", SqliteType.Text);
                var title = command.Parameters.Add("$title", SqliteType.Text);
                var url = command.Parameters.Add("$url", SqliteType.Text);
                var source = command.Parameters.Add("$source", SqliteType.Text);
                var published = command.Parameters.Add("$published", SqliteType.Integer);
                var time = command.Parameters.Add("$time", SqliteType.Integer);
                var of = command.Parameters.Add("$of", SqliteType.Text);
                var started = command.Parameters.Add("$started", SqliteType.Integer);
                var score = command.Parameters.Add("$score", SqliteType.Real);
                foreach (var member in members)
                {
                    id.Value = member.ArticleId;
                    story.Value = member.StoryId;
                    title.Value = member.Title;
                    url.Value = (object?)member.Url ?? DBNull.Value;
                    source.Value = member.Source;
                    published.Value = member.Published is { } p ? p.ToUnixTimeMilliseconds() : DBNull.Value;
                    time.Value = member.Time;
                    of.Value = (object?)member.DuplicateOf ?? DBNull.Value;
                    started.Value = member.Started ? 1 : 0;
                    score.Value = member.Score;
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }
            }
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            database.WriteLock.Release();
        }
    }

    /// <summary>Saves term statistics (document frequencies and the document count).</summary>
    public async Task SaveFrequenciesAsync(IReadOnlyDictionary<string, int> frequencies, long documents, CancellationToken cancellationToken)
    {
        await database.WriteLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT OR REPLACE INTO story_terms (term, df) VALUES ($term, $df)";
            var term = command.Parameters.Add("$term", SqliteType.Text);
            var df = command.Parameters.Add("$df", SqliteType.Integer);
            foreach (var (key, value) in frequencies)
            {
                term.Value = key;
                df.Value = value;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            await using var meta = connection.CreateCommand();
            meta.Transaction = transaction;
            meta.CommandText = "INSERT OR REPLACE INTO story_meta (key, value) VALUES ('documents', $n)";
            meta.Parameters.AddWithValue("$n", documents);
            await meta.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            database.WriteLock.Release();
        }
    }

    private static List<StoryTopEntity> TopEntities(StoryState story) =>
        story.TopEntities(TopEntityCount).Select(e => new StoryTopEntity(e.Name, e.Type, e.Id, e.Articles)).ToList();

    // ---- reading, for the API, the CLI and alerts ----

    /// <summary>Stories by most recent activity, optionally only these ids and overlapping a time range.</summary>
    public async Task<IReadOnlyList<StorySummary>> ListAsync(IReadOnlyCollection<string>? ids, DateTimeOffset? from, DateTimeOffset? to, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var where = new List<string>();
        if (ids is not null)
        {
            where.Add("id IN (SELECT value FROM json_each($ids))");
            command.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(ids));
        }
        if (from is { } f)
        {
            where.Add("last_seen >= $from");
            command.Parameters.AddWithValue("$from", f.ToUnixTimeMilliseconds());
        }
        if (to is { } t)
        {
            where.Add("first_seen < $to");
            command.Parameters.AddWithValue("$to", t.ToUnixTimeMilliseconds());
        }
        command.CommandText = "SELECT id, title, article_count, source_count, first_seen, last_seen, top_entities FROM stories"
                              + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "")
                              + " ORDER BY last_seen DESC, id LIMIT $limit";
        command.Parameters.AddWithValue("$limit", limit);
        var stories = new List<StorySummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            stories.Add(ReadSummary(reader));
        }
        return stories;
    }

    public async Task<StoryDetail?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var found = await ListAsync([id], null, null, 1, cancellationToken);
        if (found.Count == 0)
        {
            return null;
        }
        var summary = found[0];
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT article_id, title, url, source, published, time, duplicate_of FROM story_articles
            WHERE story_id = $id ORDER BY time, article_id
            """;
        command.Parameters.AddWithValue("$id", id);
        var articles = new List<StoryArticle>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            articles.Add(new StoryArticle(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)), reader.IsDBNull(6) ? null : reader.GetString(6)));
        }
        var sources = articles.Select(a => a.Source).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new StoryDetail(summary.Id, summary.Title, summary.ArticleCount, summary.SourceCount, summary.FirstSeen, summary.LastSeen,
            summary.TopEntities, sources, articles);
    }

    /// <summary>The distinct sources of a story's articles.</summary>
    public async Task<IReadOnlyList<string>> SourcesAsync(string storyId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT source FROM story_articles WHERE story_id = $id ORDER BY source";
        command.Parameters.AddWithValue("$id", storyId);
        var sources = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            sources.Add(reader.GetString(0));
        }
        return sources;
    }

    private static StorySummary ReadSummary(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetInt32(2),
        reader.GetInt32(3),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
        JsonSerializer.Deserialize<List<StoryTopEntity>>(reader.GetString(6), IngestorJson.Compact) ?? []);
}

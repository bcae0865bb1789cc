using System.Buffers;
using System.Runtime.CompilerServices;

namespace Ingestor.Index.Sqlite;

/// <summary>
/// Per-article facet data held in memory as parallel arrays indexed by the article's row id (docid):
/// flags, source/language/story ordinals, published ticks, day number, an id sort key and a slice of a
/// shared entity pool. Facets and the histogram are counted over FTS5's matching row ids with no SQL join.
/// The arrays mirror the <c>article_facets.facets</c> blobs; <see cref="Refresh"/> brings them up to the database's
/// <c>meta.seq</c>, whoever wrote it (this process, a restart, or another process on the same file).
/// </summary>
internal sealed class FacetStore : IDisposable
{
    public const long NoDate = long.MinValue;
    public const int NoDay = -1;
    public const int FieldCount = 6;

    private const byte AliveFlag = 1;
    private const byte DuplicateFlag = 2;
    private const int EntityTypeShift = 30;
    private const int EntityOrdinalMask = (1 << EntityTypeShift) - 1;
    private const int MaxHistogramArrayDays = 200_000;

    private static readonly string[] FieldNames = ["person", "organization", "location", "source", "language", "story"];

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Lock _refreshGate = new();
    private readonly FacetDictionary[] _dictionaries =
        Enumerable.Range(0, FieldCount).Select(_ => new FacetDictionary()).ToArray();

    private byte[] _flags = new byte[1024];
    private int[] _source = new int[1024];
    private int[] _language = new int[1024];
    private int[] _story = new int[1024];
    private int[] _day = new int[1024];
    private long[] _published = new long[1024];
    private long[] _idKey = new long[1024];
    private int[] _entityStart = new int[1024];
    private ushort[] _entityCount = new ushort[1024];
    private int[] _pool = new int[4096];
    private int _poolUsed;
    private int _poolGarbage;
    private int _maxDocid;
    private int _alive;
    private int _minDay = int.MaxValue;
    private int _maxDay = int.MinValue;
    private long _seq = -1;

    /// <summary>The database change number the arrays reflect; -1 before the first load.</summary>
    public long Seq => Volatile.Read(ref _seq);

    public static string FieldName(FacetField field) => FieldNames[(int)field];

    public int AliveCount
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _alive;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>Looks up a value's ordinal as last refreshed (the writer adds its own pending values on top).</summary>
    public bool TryGetOrdinal(FacetField field, string value, out int ordinal, out int count)
    {
        _lock.EnterReadLock();
        try
        {
            var dictionary = _dictionaries[(int)field];
            count = dictionary.Count;
            return dictionary.TryGetOrdinal(value, out ordinal);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public int ValueCount(FacetField field)
    {
        _lock.EnterReadLock();
        try
        {
            return _dictionaries[(int)field].Count;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>
    /// Applies every change committed after <see cref="Seq"/> as seen by <paramref name="session"/>
    /// (in its open transaction, or in a read transaction of its own).
    /// </summary>
    public void Refresh(SqliteSession session)
    {
        var started = session.BeginRead();
        try
        {
            var seq = SqliteSchema.ReadSeq(session);
            if (seq <= Seq)
            {
                return;
            }
            lock (_refreshGate)
            {
                var from = _seq;
                if (seq <= from)
                {
                    return;
                }
                _lock.EnterWriteLock();
                try
                {
                    LoadValues(session);
                    if (from < 0)
                    {
                        LoadRows(session.Statement("SELECT docid, published, id_key, facets FROM article_facets"));
                    }
                    else
                    {
                        var tombstones = session.Statement("SELECT docid FROM tombstones WHERE seq > ?1").Bind(1, from);
                        while (tombstones.Step())
                        {
                            Remove((int)tombstones.Int64(0));
                        }
                        LoadRows(session.Statement("SELECT docid, published, id_key, facets FROM article_facets WHERE seq > ?1").Bind(1, from));
                    }
                    CompactPoolIfNeeded();
                    Volatile.Write(ref _seq, seq);
                }
                finally
                {
                    _lock.ExitWriteLock();
                }
            }
        }
        finally
        {
            if (started)
            {
                session.EndRead();
            }
        }
    }

    private void LoadValues(SqliteSession session)
    {
        for (var field = 0; field < FieldCount; field++)
        {
            var dictionary = _dictionaries[field];
            var values = session.Statement("SELECT ordinal, value FROM facet_values WHERE field = ?1 AND ordinal >= ?2 ORDER BY ordinal")
                .Bind(1, field).Bind(2, dictionary.Count);
            while (values.Step())
            {
                dictionary.Add((int)values.Int64(0), values.Text(1));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void LoadRows(RawStatement rows)
    {
        Span<int> entities = stackalloc int[256];
        while (rows.Step())
        {
            var docid = checked((int)rows.Int64(0));
            var published = rows.IsNull(1) ? NoDate : rows.Int64(1);
            var idKey = rows.Int64(2);
            var reader = new FacetBlob.Reader(rows.Blob(3));
            var source = (int)reader.Next() - 1;
            var language = (int)reader.Next() - 1;
            var story = (int)reader.Next() - 1;
            var flags = reader.Next();
            var count = (int)reader.Next();
            var buffer = count <= entities.Length ? entities[..count] : new int[count];
            for (var i = 0; i < count; i++)
            {
                var code = (int)reader.Next();
                buffer[i] = ((code % FacetBlob.EntityTypes) << EntityTypeShift) | (code / FacetBlob.EntityTypes);
            }
            Set(docid, published, idKey, source, language, story, (flags & FacetBlob.DuplicateFlag) != 0, buffer);
        }
    }

    private void Set(int docid, long published, long idKey, int source, int language, int story, bool duplicate, ReadOnlySpan<int> entities)
    {
        EnsureCapacity(docid);
        if ((_flags[docid] & AliveFlag) != 0)
        {
            _poolGarbage += _entityCount[docid];
        }
        else
        {
            _alive++;
        }
        _flags[docid] = (byte)(AliveFlag | (duplicate ? DuplicateFlag : 0));
        _source[docid] = source;
        _language[docid] = language;
        _story[docid] = story;
        _published[docid] = published;
        var day = published == NoDate ? NoDay : (int)(published / TimeSpan.TicksPerDay);
        _day[docid] = day;
        if (day != NoDay)
        {
            _minDay = Math.Min(_minDay, day);
            _maxDay = Math.Max(_maxDay, day);
        }
        _idKey[docid] = idKey;
        var count = Math.Min(entities.Length, ushort.MaxValue);
        if (_poolUsed + count > _pool.Length)
        {
            Array.Resize(ref _pool, Math.Max(_pool.Length * 2, _poolUsed + count));
        }
        entities[..count].CopyTo(_pool.AsSpan(_poolUsed));
        _entityStart[docid] = _poolUsed;
        _entityCount[docid] = (ushort)count;
        _poolUsed += count;
        _maxDocid = Math.Max(_maxDocid, docid);
    }

    private void Remove(int docid)
    {
        if (docid > _maxDocid || (_flags[docid] & AliveFlag) == 0)
        {
            return;
        }
        _alive--;
        _poolGarbage += _entityCount[docid];
        _flags[docid] = 0;
        _entityCount[docid] = 0;
    }

    private void EnsureCapacity(int docid)
    {
        if (docid < _flags.Length)
        {
            return;
        }
        var size = Math.Max(_flags.Length * 2, docid + 1);
        Array.Resize(ref _flags, size);
        Array.Resize(ref _source, size);
        Array.Resize(ref _language, size);
        Array.Resize(ref _story, size);
        Array.Resize(ref _day, size);
        Array.Resize(ref _published, size);
        Array.Resize(ref _idKey, size);
        Array.Resize(ref _entityStart, size);
        Array.Resize(ref _entityCount, size);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CompactPoolIfNeeded()
    {
        // Compacting costs one pass over the slots; doing it once stale entries outnumber live ones keeps it amortized.
        if (_poolGarbage < 4096 || _poolGarbage < _poolUsed - _poolGarbage)
        {
            return;
        }
        var pool = new int[Math.Max(4096, (_poolUsed - _poolGarbage) * 5 / 4)];
        var used = 0;
        for (var docid = 1; docid <= _maxDocid; docid++)
        {
            int count = _entityCount[docid];
            if ((_flags[docid] & AliveFlag) == 0 || count == 0)
            {
                continue;
            }
            _pool.AsSpan(_entityStart[docid], count).CopyTo(pool.AsSpan(used));
            _entityStart[docid] = used;
            used += count;
        }
        _pool = pool;
        _poolUsed = used;
        _poolGarbage = 0;
    }

    /// <summary>
    /// A sort key with the same order as ordinal comparison of ids, up to ties: nine 7-bit characters,
    /// stopping at the first non-ASCII one. Equal keys are resolved with the full id from the database.
    /// </summary>
    public static long IdKey(string id)
    {
        long key = 0;
        var stopped = false;
        for (var i = 0; i < 9; i++)
        {
            var code = 0;
            if (!stopped && i < id.Length)
            {
                var c = id[i];
                if (c < 127)
                {
                    code = c;
                }
                else
                {
                    code = 127;
                    stopped = true;
                }
            }
            key = (key << 7) | (long)code;
        }
        return key;
    }

    /// <summary>
    /// Filters the candidates, counts facets (each field with every filter but its own) and the histogram,
    /// and returns the accepted row ids in candidate order. The caller returns <see cref="Evaluation.Accepted"/> to the pool.
    /// </summary>
    public Evaluation Evaluate(Candidates candidates, FacetQuery query)
    {
        _lock.EnterReadLock();
        try
        {
            return new Evaluator(this, query).Run(candidates);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>
    /// The best <paramref name="k"/> accepted documents in hit order (score ascending, newest, id key),
    /// plus every further document tied with the last one on those keys, unsorted by full id.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public List<RankedDoc> SelectTop(ReadOnlySpan<int> accepted, ReadOnlySpan<double> scores, int k)
    {
        k = Math.Min(k, accepted.Length);
        var result = new List<RankedDoc>(k + 4);
        if (k <= 0)
        {
            return result;
        }
        _lock.EnterReadLock();
        try
        {
            // A binary heap whose root is the worst kept document; most candidates fail the first key check.
            var heap = new RankedDoc[k];
            var count = 0;
            for (var i = 0; i < accepted.Length; i++)
            {
                var docid = accepted[i];
                var score = scores.IsEmpty ? 0 : scores[i];
                var published = _published[docid];
                if (count == k)
                {
                    ref var worst = ref heap[0];
                    if (score > worst.Score || (score == worst.Score && published < worst.Published))
                    {
                        continue;
                    }
                    var doc = new RankedDoc(docid, score, published, _idKey[docid]);
                    if (Compare(doc, worst) >= 0)
                    {
                        continue;
                    }
                    heap[0] = doc;
                    SiftDown(heap, count, 0);
                }
                else
                {
                    heap[count] = new RankedDoc(docid, score, published, _idKey[docid]);
                    SiftUp(heap, count++);
                }
            }
            var boundary = heap[0];
            result.AddRange(heap);
            if (accepted.Length > k)
            {
                for (var i = 0; i < accepted.Length; i++)
                {
                    var docid = accepted[i];
                    var score = scores.IsEmpty ? 0 : scores[i];
                    if (docid > boundary.Docid && score == boundary.Score && _published[docid] == boundary.Published &&
                        _idKey[docid] == boundary.IdKey)
                    {
                        result.Add(new RankedDoc(docid, score, _published[docid], _idKey[docid]));
                    }
                }
            }
            return result;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Compare(in RankedDoc a, in RankedDoc b)
    {
        if (a.Score != b.Score)
        {
            return a.Score < b.Score ? -1 : 1;
        }
        if (a.Published != b.Published)
        {
            return a.Published > b.Published ? -1 : 1;
        }
        if (a.IdKey != b.IdKey)
        {
            return a.IdKey < b.IdKey ? -1 : 1;
        }
        return a.Docid.CompareTo(b.Docid);
    }

    private static void SiftUp(RankedDoc[] heap, int index)
    {
        while (index > 0)
        {
            var parent = (index - 1) >> 1;
            if (Compare(heap[index], heap[parent]) <= 0)
            {
                return;
            }
            (heap[index], heap[parent]) = (heap[parent], heap[index]);
            index = parent;
        }
    }

    private static void SiftDown(RankedDoc[] heap, int count, int index)
    {
        while (true)
        {
            var left = 2 * index + 1;
            if (left >= count)
            {
                return;
            }
            var worse = left + 1 < count && Compare(heap[left + 1], heap[left]) > 0 ? left + 1 : left;
            if (Compare(heap[worse], heap[index]) <= 0)
            {
                return;
            }
            (heap[index], heap[worse]) = (heap[worse], heap[index]);
            index = worse;
        }
    }

    public void Dispose() => _lock.Dispose();

    /// <summary>Where the documents to filter come from.</summary>
    internal readonly struct Candidates
    {
        private Candidates(FtsQueryKind kind, int[]? rowids, int count)
        {
            Kind = kind;
            Rowids = rowids;
            Count = count;
        }

        public FtsQueryKind Kind { get; }
        public int[]? Rowids { get; }
        public int Count { get; }

        public static Candidates All => new(FtsQueryKind.All, null, 0);

        public static Candidates Matching(int[] rowids, int count) => new(FtsQueryKind.Match, rowids, count);

        public static Candidates Except(int[] rowids, int count) => new(FtsQueryKind.Complement, rowids, count);
    }

    private sealed class Evaluator
    {
        private readonly FacetStore _store;
        private readonly FacetQuery _query;
        private readonly bool[]?[] _masks = new bool[FieldCount][];
        private readonly int[][] _counts = new int[FieldCount][];
        private readonly int _activeFields;
        private readonly bool _entityFilters;
        private readonly int[]? _dayCounts;
        private readonly Dictionary<int, int>? _dayMap;
        private int[] _accepted;
        private int _acceptedCount;

        public Evaluator(FacetStore store, FacetQuery query)
        {
            _store = store;
            _query = query;
            for (var field = 0; field < FieldCount; field++)
            {
                var size = store._dictionaries[field].Count;
                _counts[field] = ArrayPool<int>.Shared.Rent(Math.Max(1, size));
                Array.Clear(_counts[field], 0, size);
                if (query.Filters.TryGetValue((FacetField)field, out var values) && values.Count > 0)
                {
                    var mask = new bool[size];
                    foreach (var value in values)
                    {
                        if (store._dictionaries[field].TryGetOrdinal(value, out var ordinal))
                        {
                            mask[ordinal] = true;
                        }
                    }
                    _masks[field] = mask;
                    _activeFields |= 1 << field;
                    _entityFilters |= field < FacetBlob.EntityTypes;
                }
            }
            if (store._maxDay >= store._minDay)
            {
                var days = (long)store._maxDay - store._minDay + 1;
                if (days <= MaxHistogramArrayDays)
                {
                    _dayCounts = new int[days];
                }
                else
                {
                    _dayMap = [];
                }
            }
            _accepted = ArrayPool<int>.Shared.Rent(1024);
        }

        // Hot loops run once per search: compile them fully optimized from the first call instead of tiering up.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public Evaluation Run(Candidates candidates)
        {
            try
            {
                var flags = _store._flags;
                switch (candidates.Kind)
                {
                    case FtsQueryKind.All:
                        for (var docid = 1; docid <= _store._maxDocid; docid++)
                        {
                            if ((flags[docid] & AliveFlag) != 0)
                            {
                                Visit(docid);
                            }
                        }
                        break;
                    case FtsQueryKind.Match:
                        var rowids = candidates.Rowids!;
                        for (var i = 0; i < candidates.Count; i++)
                        {
                            var docid = rowids[i];
                            if (docid > 0 && docid <= _store._maxDocid && (flags[docid] & AliveFlag) != 0)
                            {
                                Visit(docid);
                            }
                        }
                        break;
                    case FtsQueryKind.Complement:
                        var excluded = new ulong[(_store._maxDocid >> 6) + 1];
                        var matched = candidates.Rowids!;
                        for (var i = 0; i < candidates.Count; i++)
                        {
                            var docid = matched[i];
                            if (docid > 0 && docid <= _store._maxDocid)
                            {
                                excluded[docid >> 6] |= 1UL << (docid & 63);
                            }
                        }
                        for (var docid = 1; docid <= _store._maxDocid; docid++)
                        {
                            if ((flags[docid] & AliveFlag) != 0 && (excluded[docid >> 6] & (1UL << (docid & 63))) == 0)
                            {
                                Visit(docid);
                            }
                        }
                        break;
                }
                return new Evaluation(_accepted, _acceptedCount, Facets(), Histogram());
            }
            finally
            {
                foreach (var counts in _counts)
                {
                    ArrayPool<int>.Shared.Return(counts);
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Visit(int docid)
        {
            var store = _store;
            if (_query.Collapse && (store._flags[docid] & DuplicateFlag) != 0)
            {
                return;
            }
            if (_query.HasDateRange)
            {
                var published = store._published[docid];
                if (published == NoDate || published < _query.FromTicks || published >= _query.ToTicks)
                {
                    return;
                }
            }
            var failed = 0;
            if (_activeFields != 0)
            {
                failed = FailedFields(docid);
                if ((failed & (failed - 1)) != 0)
                {
                    return; // two or more fields fail: counted nowhere
                }
            }
            if (failed == 0)
            {
                if (_acceptedCount == _accepted.Length)
                {
                    var larger = ArrayPool<int>.Shared.Rent(_accepted.Length * 2);
                    _accepted.AsSpan(0, _acceptedCount).CopyTo(larger);
                    ArrayPool<int>.Shared.Return(_accepted);
                    _accepted = larger;
                }
                _accepted[_acceptedCount++] = docid;
                CountDay(store._day[docid]);
                CountAll(docid);
            }
            else
            {
                CountField(docid, System.Numerics.BitOperations.TrailingZeroCount(failed));
            }
        }

        private int FailedFields(int docid)
        {
            var store = _store;
            var failed = 0;
            if (_masks[(int)FacetField.Source] is { } source && !Has(source, store._source[docid]))
            {
                failed |= 1 << (int)FacetField.Source;
            }
            if (_masks[(int)FacetField.Language] is { } language && !Has(language, store._language[docid]))
            {
                failed |= 1 << (int)FacetField.Language;
            }
            if (_masks[(int)FacetField.Story] is { } story && !Has(story, store._story[docid]))
            {
                failed |= 1 << (int)FacetField.Story;
            }
            if (_entityFilters)
            {
                var found = 0;
                var start = store._entityStart[docid];
                var end = start + store._entityCount[docid];
                for (var i = start; i < end; i++)
                {
                    var entry = store._pool[i];
                    var type = entry >>> EntityTypeShift;
                    if (_masks[type] is { } mask && Has(mask, entry & EntityOrdinalMask))
                    {
                        found |= 1 << type;
                    }
                }
                failed |= _activeFields & 0b111 & ~found;
            }
            return failed;
        }

        private static bool Has(bool[] mask, int ordinal) => (uint)ordinal < (uint)mask.Length && mask[ordinal];

        private void CountAll(int docid)
        {
            var store = _store;
            Count(FacetField.Source, store._source[docid]);
            Count(FacetField.Language, store._language[docid]);
            Count(FacetField.Story, store._story[docid]);
            var start = store._entityStart[docid];
            var end = start + store._entityCount[docid];
            for (var i = start; i < end; i++)
            {
                var entry = store._pool[i];
                _counts[entry >>> EntityTypeShift][entry & EntityOrdinalMask]++;
            }
        }

        private void CountField(int docid, int field)
        {
            var store = _store;
            switch ((FacetField)field)
            {
                case FacetField.Source:
                    Count(FacetField.Source, store._source[docid]);
                    break;
                case FacetField.Language:
                    Count(FacetField.Language, store._language[docid]);
                    break;
                case FacetField.Story:
                    Count(FacetField.Story, store._story[docid]);
                    break;
                default:
                    var start = store._entityStart[docid];
                    var end = start + store._entityCount[docid];
                    for (var i = start; i < end; i++)
                    {
                        var entry = store._pool[i];
                        if (entry >>> EntityTypeShift == field)
                        {
                            _counts[field][entry & EntityOrdinalMask]++;
                        }
                    }
                    break;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Count(FacetField field, int ordinal)
        {
            if (ordinal >= 0)
            {
                _counts[(int)field][ordinal]++;
            }
        }

        private void CountDay(int day)
        {
            if (day == NoDay)
            {
                return;
            }
            if (_dayCounts is not null)
            {
                _dayCounts[day - _store._minDay]++;
            }
            else if (_dayMap is not null)
            {
                _dayMap[day] = _dayMap.GetValueOrDefault(day) + 1;
            }
        }

        private Dictionary<string, IReadOnlyList<FacetCount>> Facets()
        {
            var facets = new Dictionary<string, IReadOnlyList<FacetCount>>(FieldCount, StringComparer.Ordinal);
            for (var field = 0; field < FieldCount; field++)
            {
                facets[FieldNames[field]] = Top(_store._dictionaries[field], _counts[field], _query.FacetSize);
            }
            return facets;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static List<FacetCount> Top(FacetDictionary dictionary, int[] counts, int size)
        {
            var result = new List<FacetCount>();
            if (size <= 0)
            {
                return result;
            }
            // Min-heap on the worst kept value: lower count, then the later value in ordinal order.
            var heap = new PriorityQueue<int, int>(size + 1, Comparer<int>.Create((a, b) =>
            {
                var byCount = counts[a].CompareTo(counts[b]);
                return byCount != 0 ? byCount : string.CompareOrdinal(dictionary[b], dictionary[a]);
            }));
            for (var ordinal = 0; ordinal < dictionary.Count; ordinal++)
            {
                if (counts[ordinal] == 0)
                {
                    continue;
                }
                if (heap.Count < size)
                {
                    heap.Enqueue(ordinal, ordinal);
                }
                else
                {
                    var worst = heap.Peek();
                    if (counts[ordinal] > counts[worst] ||
                        (counts[ordinal] == counts[worst] && string.CompareOrdinal(dictionary[ordinal], dictionary[worst]) < 0))
                    {
                        heap.DequeueEnqueue(ordinal, ordinal);
                    }
                }
            }
            while (heap.TryDequeue(out var ordinal, out _))
            {
                result.Add(new FacetCount(dictionary[ordinal], counts[ordinal]));
            }
            result.Reverse();
            return result;
        }

        private List<HistogramBucket> Histogram()
        {
            var buckets = new List<HistogramBucket>();
            if (_dayCounts is not null)
            {
                for (var i = 0; i < _dayCounts.Length; i++)
                {
                    if (_dayCounts[i] > 0)
                    {
                        buckets.Add(new HistogramBucket(DateOnly.FromDayNumber(_store._minDay + i), _dayCounts[i]));
                    }
                }
            }
            else if (_dayMap is not null)
            {
                foreach (var (day, count) in _dayMap.OrderBy(p => p.Key))
                {
                    buckets.Add(new HistogramBucket(DateOnly.FromDayNumber(day), count));
                }
            }
            return buckets;
        }
    }
}

/// <summary>What a search filters on, resolved from a <see cref="SearchRequest"/>.</summary>
internal sealed record FacetQuery
{
    public required bool Collapse { get; init; }
    public long FromTicks { get; init; } = long.MinValue + 1;
    public long ToTicks { get; init; } = long.MaxValue;
    public bool HasDateRange { get; init; }
    public required IReadOnlyDictionary<FacetField, IReadOnlyList<string>> Filters { get; init; }
    public int FacetSize { get; init; } = 10;

    public static FacetQuery From(SearchRequest request) => new()
    {
        Collapse = request.Collapse,
        FromTicks = request.From?.UtcTicks ?? long.MinValue + 1,
        ToTicks = request.To?.UtcTicks ?? long.MaxValue,
        HasDateRange = request.From is not null || request.To is not null,
        Filters = request.Filters,
        FacetSize = request.FacetSize,
    };
}

/// <summary>The outcome of filtering and counting; <see cref="Accepted"/> is rented from the shared array pool.</summary>
internal readonly record struct Evaluation(
    int[] Accepted,
    int Count,
    IReadOnlyDictionary<string, IReadOnlyList<FacetCount>> Facets,
    IReadOnlyList<HistogramBucket> Histogram);

/// <summary>A hit candidate with its sort keys; <see cref="Id"/> is filled only to break id-key ties.</summary>
internal readonly record struct RankedDoc(int Docid, double Score, long Published, long IdKey, string? Id = null)
{
    public static IComparer<RankedDoc> KeyComparer { get; } = Comparer<RankedDoc>.Create((a, b) =>
    {
        var c = CompareWithoutDocid(a, b);
        return c != 0 ? c : a.Docid.CompareTo(b.Docid);
    });

    /// <summary>Hit order: score ascending (bm25 is negative), newest first (no date last), then id.</summary>
    public static int CompareWithoutDocid(RankedDoc a, RankedDoc b)
    {
        var c = a.Score.CompareTo(b.Score);
        if (c != 0)
        {
            return c;
        }
        c = b.Published.CompareTo(a.Published);
        if (c != 0)
        {
            return c;
        }
        c = a.IdKey.CompareTo(b.IdKey);
        if (c != 0)
        {
            return c;
        }
        return a.Id is not null && b.Id is not null ? string.CompareOrdinal(a.Id, b.Id) : 0;
    }
}

namespace Ingestor.Enrich.Duplicates;

/// <summary>An original a new article may copy, and how much of the shorter text they share.</summary>
public sealed record NearDuplicateCandidate(string ArticleId, double Jaccard, double Containment, long SeenAt);

/// <summary>
/// Locality-sensitive hashing over MinHash signatures of the originals seen within the window: the
/// signature is cut into 64 bands of two values and articles sharing any band are compared. Two-value
/// bands make a copy sharing a fifth of its shingles with the original (a truncated, edited copy
/// with boilerplate) a candidate with 93% chance, and a 40% truncation with near certainty, while
/// unrelated articles (Jaccard near 0) rarely collide. Additions can be undone (newest first) for a batch retry.
/// Not thread-safe: the index drainer is its only user.
/// </summary>
public sealed class NearDuplicateIndex
{
    public const int Rows = 2;
    public const int Bands = TextFingerprint.Hashes / Rows;

    /// <summary>
    /// Most originals compared through one band, newest first. A band value shared by thousands of originals
    /// comes from text they all carry (wire boilerplate, stock phrases) and says nothing about copying; walking
    /// it made each lookup linear in the window (3.7 ms per article at 100,000 articles). A real copy shares
    /// several bands with its original and usually follows it closely, so the cap loses little (the labelled
    /// variants in DuplicateDetectionQualityTests measure it).
    /// </summary>
    public const int MaxBandWalk = 256;

    private readonly Dictionary<ulong, int> _heads = [];
    private readonly List<Entry> _entries = [];
    private int[] _next = new int[1024 * Bands];
    private int _live;
    private int _oldest;

    private sealed record Entry(string ArticleId, uint[] Signature, int Shingles, long SeenAt)
    {
        public bool Live { get; set; } = true;
    }

    public int Count => _live;

    /// <summary>A position to return to with <see cref="RollbackTo"/>.</summary>
    public int Mark => _entries.Count;

    public void Add(string articleId, uint[] signature, int shingles, long seenAt)
    {
        var slot = _entries.Count;
        _entries.Add(new Entry(articleId, signature, shingles, seenAt));
        _live++;
        Newest = Math.Max(Newest, seenAt);
        if (_next.Length < (slot + 1) * Bands)
        {
            Array.Resize(ref _next, _next.Length * 2);
        }
        for (var band = 0; band < Bands; band++)
        {
            var key = BandKey(signature, band);
            _next[slot * Bands + band] = _heads.TryGetValue(key, out var head) ? head : -1;
            _heads[key] = slot * Bands + band;
        }
    }

    /// <summary>Originals sharing a band with the signature, best first, with their estimated overlap.</summary>
    public IReadOnlyList<NearDuplicateCandidate> Candidates(uint[] signature, int shingles)
    {
        HashSet<int>? seen = null;
        List<NearDuplicateCandidate>? found = null;
        for (var band = 0; band < Bands; band++)
        {
            if (!_heads.TryGetValue(BandKey(signature, band), out var node))
            {
                continue;
            }
            for (var walked = 0; node >= 0 && walked < MaxBandWalk; node = _next[node], walked++)
            {
                var slot = node / Bands;
                var entry = _entries[slot];
                // Band keys may collide across band positions; only a true band match counts.
                if (!entry.Live || node % Bands != band || !SameBand(entry.Signature, signature, band))
                {
                    continue;
                }
                seen ??= [];
                if (!seen.Add(slot))
                {
                    continue;
                }
                var jaccard = TextFingerprint.Jaccard(entry.Signature, signature);
                (found ??= []).Add(new NearDuplicateCandidate(entry.ArticleId, jaccard,
                    TextFingerprint.Containment(jaccard, entry.Shingles, shingles), entry.SeenAt));
            }
        }
        if (found is null)
        {
            return [];
        }
        found.Sort((x, y) => y.Containment != x.Containment ? y.Containment.CompareTo(x.Containment) : x.SeenAt.CompareTo(y.SeenAt));
        return found;
    }

    /// <summary>Forgets everything added since <paramref name="mark"/>.</summary>
    public void RollbackTo(int mark)
    {
        for (var slot = _entries.Count - 1; slot >= mark; slot--)
        {
            var entry = _entries[slot];
            for (var band = 0; band < Bands; band++)
            {
                var key = BandKey(entry.Signature, band);
                var next = _next[slot * Bands + band];
                if (next >= 0)
                {
                    _heads[key] = next;
                }
                else
                {
                    _heads.Remove(key);
                }
            }
            if (entry.Live)
            {
                _live--;
            }
            _entries.RemoveAt(slot);
        }
        _oldest = Math.Min(_oldest, _entries.Count);
    }

    /// <summary>When the newest original was seen (Unix ms).</summary>
    public long Newest { get; private set; }

    /// <summary>Drops originals seen more than <paramref name="window"/> ms before the newest, and the oldest beyond <paramref name="maxCount"/>.</summary>
    public void Evict(long window, int maxCount)
    {
        var cutoff = Newest - window;
        // Entries are added in (roughly) time order: walk from the oldest still live.
        while (_oldest < _entries.Count && (_entries[_oldest].SeenAt < cutoff || _live > maxCount || !_entries[_oldest].Live))
        {
            if (_entries[_oldest].Live)
            {
                _entries[_oldest].Live = false;
                _live--;
            }
            _oldest++;
        }
        if (_oldest > 4096 && _oldest > _entries.Count / 2)
        {
            Compact();
        }
    }

    private void Compact()
    {
        var keep = _entries.Skip(_oldest).Where(e => e.Live).ToList();
        _entries.Clear();
        _heads.Clear();
        _live = 0;
        _oldest = 0;
        foreach (var entry in keep)
        {
            Add(entry.ArticleId, entry.Signature, entry.Shingles, entry.SeenAt);
        }
    }

    private static bool SameBand(uint[] a, uint[] b, int band)
    {
        for (var r = band * Rows; r < (band + 1) * Rows; r++)
        {
            if (a[r] != b[r])
            {
                return false;
            }
        }
        return true;
    }

    private static ulong BandKey(uint[] signature, int band)
    {
        var key = (ulong)band * 0x9E3779B97F4A7C15UL;
        for (var r = band * Rows; r < (band + 1) * Rows; r++)
        {
            key = (key ^ signature[r]) * 0xBF58476D1CE4E5B9UL;
            key ^= key >> 29;
        }
        return key;
    }
}

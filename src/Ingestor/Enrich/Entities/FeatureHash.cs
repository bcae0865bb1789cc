namespace Ingestor.Enrich.Entities;

/// <summary>
/// Stable 64-bit hashes for feature keys (string.GetHashCode is randomized per process, so it cannot be stored).
/// Text is hashed as it is meant to be compared: quotes and dashes folded to their ASCII forms, optionally lower-cased.
/// </summary>
internal static class FeatureHash
{
    private const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static ulong Text(ReadOnlySpan<char> text, bool lower)
    {
        var h = Offset;
        foreach (var raw in text)
        {
            var c = Fold(raw);
            if (lower)
            {
                c = char.ToLowerInvariant(c);
            }
            h = (h ^ c) * Prime;
        }
        return Finish(h ^ (ulong)text.Length);
    }

    /// <summary>Folds curly quotes, primes and the dash family to ASCII so that news text matches typed text.</summary>
    public static char Fold(char c) => c switch
    {
        '\u2018' or '\u2019' or '\u201A' or '\u201B' or '\u2032' or '\u02BC' or '`' or '\u00B4' => '\'',
        '\u201C' or '\u201D' or '\u201E' or '\u201F' or '\u2033' or '\u00AB' or '\u00BB' => '"',
        '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' => '-',
        '\u00A0' => ' ',
        _ => c,
    };

    public static ulong Mix(ulong a, ulong b) => Finish(a * 0x9E3779B97F4A7C15UL + b + 0x632BE59BD9B4E019UL);

    public static ulong Mix(ulong a, ulong b, ulong c) => Mix(Mix(a, b), c);

    public static ulong Mix(ulong a, ulong b, ulong c, ulong d) => Mix(Mix(Mix(a, b), c), d);

    /// <summary>A final avalanche (splitmix64), so every bit of the key depends on every input bit.</summary>
    public static ulong Finish(ulong h)
    {
        h ^= h >> 30;
        h *= 0xBF58476D1CE4E5B9UL;
        h ^= h >> 27;
        h *= 0x94D049BB133111EBUL;
        h ^= h >> 31;
        return h;
    }
}

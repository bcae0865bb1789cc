using System.Buffers;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace Ingestor.Enrich.Duplicates;

/// <summary>
/// What duplicate detection compares: a hash of the normalized body (exact copies, whatever the
/// headline), and a MinHash signature over its word shingles (near copies).
/// </summary>
/// <param name="BodyHash">Hex hash of the body's words, lower-cased, punctuation and spacing ignored.</param>
/// <param name="Signature">MinHash values (<see cref="TextFingerprint.Hashes"/>), or null when the body is too short to compare.</param>
/// <param name="Shingles">Distinct shingles in the body.</param>
public sealed record DuplicateFingerprint(string BodyHash, uint[]? Signature, int Shingles, int Words);

/// <summary>Computes <see cref="DuplicateFingerprint"/>s: words, shingles, MinHash.</summary>
public static class TextFingerprint
{
    /// <summary>MinHash values per signature (persisted: changing it invalidates stored signatures).</summary>
    public const int Hashes = 64;

    // Fixed multipliers and offsets so signatures stay comparable across runs and processes.
    private static readonly ulong[] A = new ulong[Hashes];
    private static readonly ulong[] B = new ulong[Hashes];

#pragma warning disable CA1810 // the tables are derived in a loop; a static constructor says so most plainly
    static TextFingerprint()
    {
        var state = 0x5DEECE66DUL;
        for (var i = 0; i < Hashes; i++)
        {
            A[i] = SplitMix(ref state) | 1UL;
            B[i] = SplitMix(ref state);
        }
    }
#pragma warning restore CA1810

    /// <param name="shingleSize">Words per shingle.</param>
    /// <param name="minWords">Below this many words no signature is made (exact matching only).</param>
    public static DuplicateFingerprint Compute(string body, int shingleSize, int minWords)
    {
        ArgumentNullException.ThrowIfNull(body);
        var words = ArrayPool<ulong>.Shared.Rent(body.Length / 2 + 1);
        try
        {
            var count = WordHashes(body, words, out var bodyHash);
            if (count < minWords)
            {
                return new DuplicateFingerprint(bodyHash, null, 0, count);
            }
            var k = Math.Min(shingleSize, count);
            var shingles = new HashSet<ulong>(count);
            for (var i = 0; i + k <= count; i++)
            {
                var h = 0x9E3779B97F4A7C15UL;
                for (var j = 0; j < k; j++)
                {
                    h = (BitOperations.RotateLeft(h, 23) ^ words[i + j]) * 0x100000001B3UL;
                }
                shingles.Add(Mix(h));
            }
            var signature = new uint[Hashes];
            Array.Fill(signature, uint.MaxValue);
            foreach (var shingle in shingles)
            {
                for (var i = 0; i < Hashes; i++)
                {
                    var v = (uint)((A[i] * shingle + B[i]) >> 32);
                    if (v < signature[i])
                    {
                        signature[i] = v;
                    }
                }
            }
            return new DuplicateFingerprint(bodyHash, signature, shingles.Count, count);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(words);
        }
    }

    /// <summary>Share of equal positions: an estimate of the Jaccard similarity of the shingle sets.</summary>
    public static double Jaccard(uint[] a, uint[] b)
    {
        var equal = 0;
        for (var i = 0; i < Hashes; i++)
        {
            if (a[i] == b[i])
            {
                equal++;
            }
        }
        return equal / (double)Hashes;
    }

    /// <summary>
    /// Estimated share of the smaller set found in the larger (|A∩B| / min(|A|,|B|)) from the Jaccard
    /// estimate and the set sizes: a truncated or padded copy scores near 1 where its Jaccard does not.
    /// </summary>
    public static double Containment(double jaccard, int sizeA, int sizeB)
    {
        if (sizeA <= 0 || sizeB <= 0 || jaccard <= 0)
        {
            return 0;
        }
        var intersection = jaccard * (sizeA + sizeB) / (1 + jaccard);
        return Math.Min(1.0, intersection / Math.Min(sizeA, sizeB));
    }

    /// <summary>Hashes each word (letters and digits, lower-cased) into <paramref name="words"/>; returns the count.</summary>
    private static int WordHashes(string text, ulong[] words, out string bodyHash)
    {
        var count = 0;
        var normalized = new StringBuilder(text.Length);
        var h = 0xCBF29CE484222325UL;
        var inWord = false;
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune))
            {
                var lower = Rune.ToLowerInvariant(rune);
                h = (h ^ (ulong)lower.Value) * 0x100000001B3UL;
                if (lower.IsBmp)
                {
                    normalized.Append((char)lower.Value);
                }
                else
                {
                    normalized.Append(lower.ToString());
                }
                inWord = true;
            }
            else if (inWord && !IsInWordMark(rune))
            {
                words[count++] = Mix(h);
                normalized.Append(' ');
                h = 0xCBF29CE484222325UL;
                inWord = false;
            }
        }
        if (inWord)
        {
            words[count++] = Mix(h);
        }
        bodyHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalized.ToString().TrimEnd())), 0, 16);
        return count;
    }

    /// <summary>Marks that do not end a word (combining accents, soft hyphens): a light edit should not split it.</summary>
    private static bool IsInWordMark(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.Format;

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong SplitMix(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        return Mix(state);
    }
}

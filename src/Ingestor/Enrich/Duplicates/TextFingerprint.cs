using System.Buffers;
using System.Numerics;
using System.Text;

namespace Ingestor.Enrich.Duplicates;

/// <summary>
/// What duplicate detection compares: a hash of the normalized body (exact copies, whatever the
/// headline), and a MinHash signature over its word shingles (near copies).
/// </summary>
/// <param name="BodyHash">128-bit hex hash of the body's words, lower-cased, punctuation and spacing ignored.</param>
/// <param name="Signature">MinHash values (<see cref="TextFingerprint.Hashes"/>), or null when the body is too short to compare.</param>
/// <param name="Shingles">Distinct shingles in the body.</param>
public sealed record DuplicateFingerprint(string BodyHash, uint[]? Signature, int Shingles, int Words);

/// <summary>Computes <see cref="DuplicateFingerprint"/>s: words, shingles, MinHash.</summary>
public static class TextFingerprint
{
    /// <summary>MinHash values per signature (persisted: changing it invalidates stored signatures).</summary>
    public const int Hashes = 128;

    // Each of the 128 hash functions is a fixed 32-bit bijection (multiply-add, then xorshift-multiply
    // mixing), computed a SIMD vector of functions at a time. Fixed seeds keep signatures comparable
    // across runs and processes.
    private static readonly Vector<uint>[] A;
    private static readonly Vector<uint>[] B;
    private static readonly Vector<uint> Mixer = new(0x2C1B3C6Du);

#pragma warning disable CA1810 // the tables are derived in a loop; a static constructor says so most plainly
    static TextFingerprint()
    {
        var state = 0x5DEECE66DUL;
        var a = new uint[Hashes];
        var b = new uint[Hashes];
        for (var i = 0; i < Hashes; i++)
        {
            a[i] = (uint)SplitMix(ref state) | 1u;
            b[i] = (uint)SplitMix(ref state);
        }
        var width = Vector<uint>.Count;
        A = new Vector<uint>[Hashes / width];
        B = new Vector<uint>[Hashes / width];
        for (var c = 0; c < A.Length; c++)
        {
            A[c] = new Vector<uint>(a, c * width);
            B[c] = new Vector<uint>(b, c * width);
        }
    }
#pragma warning restore CA1810

    /// <param name="shingleSize">Words per shingle.</param>
    /// <param name="minWords">Below this many words no signature is made (exact matching only).</param>
    public static DuplicateFingerprint Compute(string body, int shingleSize, int minWords)
    {
        ArgumentNullException.ThrowIfNull(body);
        var words = ArrayPool<ulong>.Shared.Rent(body.Length / 2 + 1);
        var shingles = ArrayPool<ulong>.Shared.Rent(body.Length / 2 + 1);
        try
        {
            var count = WordHashes(body, words, out var bodyHash);
            if (count < minWords)
            {
                return new DuplicateFingerprint(bodyHash, null, 0, count);
            }
            var k = Math.Min(shingleSize, count);
            var n = 0;
            for (var i = 0; i + k <= count; i++)
            {
                var h = 0x9E3779B97F4A7C15UL;
                for (var j = 0; j < k; j++)
                {
                    h = (BitOperations.RotateLeft(h, 23) ^ words[i + j]) * 0x100000001B3UL;
                }
                shingles[n++] = Mix(h);
            }
            // Distinct shingles: sorted, then equal neighbours skipped.
            Array.Sort(shingles, 0, n);
            Span<Vector<uint>> minima = stackalloc Vector<uint>[A.Length];
            minima.Fill(new Vector<uint>(uint.MaxValue));
            var distinct = 0;
            for (var i = 0; i < n; i++)
            {
                var shingle = shingles[i];
                if (i > 0 && shingle == shingles[i - 1])
                {
                    continue;
                }
                distinct++;
                var x = new Vector<uint>((uint)shingle ^ (uint)(shingle >> 32));
                for (var c = 0; c < minima.Length; c++)
                {
                    var v = A[c] * x + B[c];
                    v ^= Vector.ShiftRightLogical(v, 15);
                    v *= Mixer;
                    v ^= Vector.ShiftRightLogical(v, 13);
                    minima[c] = Vector.Min(minima[c], v);
                }
            }
            var signature = new uint[Hashes];
            for (var c = 0; c < minima.Length; c++)
            {
                minima[c].CopyTo(signature, c * Vector<uint>.Count);
            }
            return new DuplicateFingerprint(bodyHash, signature, distinct, count);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(words);
            ArrayPool<ulong>.Shared.Return(shingles);
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

    /// <summary>
    /// Hashes each word (letters and digits, lower-cased) into <paramref name="words"/> and returns the
    /// count; <paramref name="bodyHash"/> is a 128-bit hash of the word sequence.
    /// </summary>
    private static int WordHashes(string text, ulong[] words, out string bodyHash)
    {
        var count = 0;
        ulong h = 0xCBF29CE484222325UL, left = 0x243F6A8885A308D3UL, right = 0x13198A2E03707344UL;
        var inWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            int value;
            bool letter;
            if (ch < 0x80)
            {
                letter = char.IsAsciiLetterOrDigit(ch);
                value = char.IsAsciiLetterUpper(ch) ? ch | 0x20 : ch;
            }
            else
            {
                if (!Rune.TryGetRuneAt(text, i, out var rune))
                {
                    rune = Rune.ReplacementChar;
                }
                else if (rune.Utf16SequenceLength == 2)
                {
                    i++;
                }
                letter = Rune.IsLetterOrDigit(rune);
                value = letter ? Rune.ToLowerInvariant(rune).Value : rune.Value;
                if (!letter && inWord && IsInWordMark(rune))
                {
                    continue;
                }
            }
            if (letter)
            {
                h = (h ^ (ulong)value) * 0x100000001B3UL;
                inWord = true;
            }
            else if (inWord)
            {
                var word = Mix(h);
                words[count++] = word;
                left = (BitOperations.RotateLeft(left, 27) ^ word) * 0x9FB21C651E98DF25UL;
                right = (BitOperations.RotateLeft(right, 31) ^ word) * 0xC2B2AE3D27D4EB4FUL;
                h = 0xCBF29CE484222325UL;
                inWord = false;
            }
        }
        if (inWord)
        {
            var word = Mix(h);
            words[count++] = word;
            left = (BitOperations.RotateLeft(left, 27) ^ word) * 0x9FB21C651E98DF25UL;
            right = (BitOperations.RotateLeft(right, 31) ^ word) * 0xC2B2AE3D27D4EB4FUL;
        }
        bodyHash = Mix(left ^ (ulong)count).ToString("x16", System.Globalization.CultureInfo.InvariantCulture)
                   + Mix(right + (ulong)count).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
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

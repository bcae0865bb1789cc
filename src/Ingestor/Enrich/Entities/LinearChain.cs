using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Ingestor.Enrich.Entities;

/// <summary>
/// The scoring half of a linear-chain model over <see cref="Bilou"/> labels: per-token label scores from feature
/// rows, and Viterbi decoding with transition scores, restricted to valid BILOU sequences.
/// </summary>
internal static class LinearChain
{
    public const int Labels = Bilou.Count;

    /// <summary>Transition table size: rows for every label plus the start state, one column per label.</summary>
    public const int TransitionCount = (Labels + 1) * Labels;

    private static readonly bool[] AllowedTable = BuildAllowed();

    /// <summary>Per label, the labels that may precede it (the start state excluded).</summary>
    private static readonly int[][] Predecessors =
        [.. Enumerable.Range(0, Labels).Select(y => Enumerable.Range(0, Labels).Where(p => AllowedTable[p * Labels + y]).ToArray())];

    /// <summary><see cref="Predecessors"/> flattened: those of label y at [<see cref="PredecessorStart"/>[y], [y + 1]).</summary>
    private static readonly int[] PredecessorFlat = [.. Predecessors.SelectMany(p => p)];

    private static readonly int[] PredecessorStart = BuildStarts();

    private static int[] BuildStarts()
    {
        var starts = new int[Labels + 1];
        for (var y = 0; y < Labels; y++)
        {
            starts[y + 1] = starts[y] + Predecessors[y].Length;
        }
        return starts;
    }

    public static bool Allowed(int previous, int label) => AllowedTable[previous * Labels + label];

    /// <summary>Adds the rows' weights to <paramref name="scores"/> (one slot per label).</summary>
    public static void AddRows(ReadOnlySpan<int> rows, ReadOnlySpan<float> weights, Span<float> scores)
    {
        var width = Vector<float>.Count;
        foreach (var row in rows)
        {
            var source = weights.Slice(row * Labels, Labels);
            var k = 0;
            if (Vector.IsHardwareAccelerated)
            {
                for (; k + width <= Labels; k += width)
                {
                    var sum = new Vector<float>(scores[k..]) + new Vector<float>(source[k..]);
                    sum.CopyTo(scores[k..]);
                }
            }
            for (; k < Labels; k++)
            {
                scores[k] += source[k];
            }
        }
    }

    /// <summary>
    /// Adds quantized rows to integer sums: for each row, the 17 signed bytes at row × stride + offset.
    /// Sums 16 labels at a time in 16-bit lanes, flushed to 32 bits often enough that they cannot overflow.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddQuantized(ReadOnlySpan<int> rows, ReadOnlySpan<sbyte> weights, int stride, int offset, Span<int> sums)
    {
        ref var origin = ref MemoryMarshal.GetReference(weights);
        var k = 0;
        while (k < rows.Length)
        {
            // 200 rows × 127 < 32767: no 16-bit lane can overflow within a chunk.
            var chunkEnd = Math.Min(rows.Length, k + 200);
            var low = Vector128<short>.Zero;
            var high = Vector128<short>.Zero;
            var last = 0;
            for (; k < chunkEnd; k++)
            {
                var at = (nuint)(rows[k] * stride + offset);
                if (at + Labels > (nuint)weights.Length)
                {
                    throw new ArgumentOutOfRangeException(nameof(rows), "A row lies outside the weights.");
                }
                var v = Vector128.LoadUnsafe(ref origin, at);
                low += Vector128.WidenLower(v);
                high += Vector128.WidenUpper(v);
                last += Unsafe.Add(ref origin, at + 16);
            }
            for (var y = 0; y < 8; y++)
            {
                sums[y] += low.GetElement(y);
                sums[8 + y] += high.GetElement(y);
            }
            sums[16] += last;
        }
    }

    /// <summary>
    /// Forbids a token without letters or digits to begin an entity or be one: such labels score −∞.
    /// (Punctuation occurs inside names, as in "AT &amp; T" or "Jardine Fleming ( Taiwan )", but does not start them.)
    /// </summary>
    public static void ForbidEntityStart(Span<float> scores)
    {
        for (var label = 1; label < Labels; label += 4)
        {
            scores[label] = float.NegativeInfinity;
            scores[label + 3] = float.NegativeInfinity;
        }
    }

    /// <summary>
    /// Writes the best valid label sequence for per-token scores (<paramref name="emissions"/>, Labels per token).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Decode(ReadOnlySpan<float> emissions, ReadOnlySpan<float> transitions, Span<int> labels, ViterbiScratch scratch)
    {
        var n = labels.Length;
        if (n == 0)
        {
            return;
        }
        var scores = scratch.Scores(n);
        var back = scratch.Back(n);
        var startRow = Bilou.Start * Labels;
        for (var y = 0; y < Labels; y++)
        {
            scores[y] = Allowed(Bilou.Start, y) ? transitions[startRow + y] + emissions[y] : float.NegativeInfinity;
        }
        // The transition score of each allowed (predecessor, label) pair, in the same order as Predecessors.
        var flat = PredecessorFlat;
        var starts = PredecessorStart;
        Span<float> pairScores = stackalloc float[flat.Length];
        for (var y = 0; y < Labels; y++)
        {
            for (var k = starts[y]; k < starts[y + 1]; k++)
            {
                pairScores[k] = transitions[flat[k] * Labels + y];
            }
        }
        ref var pairs = ref MemoryMarshal.GetReference(pairScores);
        ref var predecessors = ref MemoryMarshal.GetArrayDataReference(flat);
        ref var bounds = ref MemoryMarshal.GetArrayDataReference(starts);
        ref var scoreBase = ref MemoryMarshal.GetReference(scores);
        ref var emissionBase = ref MemoryMarshal.GetReference(emissions);
        ref var backBase = ref MemoryMarshal.GetReference(back);
        if (emissions.Length < n * Labels)
        {
            throw new ArgumentException("Fewer emission scores than tokens.", nameof(emissions));
        }
        for (var t = 1; t < n; t++)
        {
            ref var previous = ref Unsafe.Add(ref scoreBase, (t - 1) * Labels);
            ref var current = ref Unsafe.Add(ref scoreBase, t * Labels);
            ref var emission = ref Unsafe.Add(ref emissionBase, t * Labels);
            ref var backRow = ref Unsafe.Add(ref backBase, t * Labels);
            for (var y = 0; y < Labels; y++)
            {
                var best = float.NegativeInfinity;
                var arg = 0;
                var end = Unsafe.Add(ref bounds, y + 1);
                for (var k = Unsafe.Add(ref bounds, y); k < end; k++)
                {
                    var p = Unsafe.Add(ref predecessors, k);
                    var s = Unsafe.Add(ref previous, p) + Unsafe.Add(ref pairs, k);
                    if (s > best)
                    {
                        best = s;
                        arg = p;
                    }
                }
                Unsafe.Add(ref current, y) = best + Unsafe.Add(ref emission, y);
                Unsafe.Add(ref backRow, y) = (byte)arg;
            }
        }
        var last = scores.Slice((n - 1) * Labels, Labels);
        var bestLabel = 0;
        var bestScore = float.NegativeInfinity;
        for (var y = 0; y < Labels; y++)
        {
            if (Bilou.CanEnd(y) && last[y] > bestScore)
            {
                bestScore = last[y];
                bestLabel = y;
            }
        }
        labels[n - 1] = bestLabel;
        for (var t = n - 1; t > 0; t--)
        {
            labels[t - 1] = back[t * Labels + labels[t]];
        }
    }

    private static bool[] BuildAllowed()
    {
        var table = new bool[TransitionCount];
        for (var p = 0; p <= Labels; p++)
        {
            for (var y = 0; y < Labels; y++)
            {
                table[p * Labels + y] = Bilou.Allowed(p, y);
            }
        }
        return table;
    }
}

/// <summary>Reusable Viterbi buffers; one per thread.</summary>
internal sealed class ViterbiScratch
{
    private float[] _scores = new float[64 * LinearChain.Labels];
    private byte[] _back = new byte[64 * LinearChain.Labels];

    public Span<float> Scores(int tokens)
    {
        if (_scores.Length < tokens * LinearChain.Labels)
        {
            _scores = new float[tokens * LinearChain.Labels * 2];
        }
        return _scores.AsSpan(0, tokens * LinearChain.Labels);
    }

    public Span<byte> Back(int tokens)
    {
        if (_back.Length < tokens * LinearChain.Labels)
        {
            _back = new byte[tokens * LinearChain.Labels * 2];
        }
        return _back.AsSpan(0, tokens * LinearChain.Labels);
    }
}

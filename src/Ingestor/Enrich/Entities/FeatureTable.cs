using System.Runtime.CompilerServices;

namespace Ingestor.Enrich.Entities;

/// <summary>
/// Maps feature keys to weight rows: an open-addressing table of 32-bit key fingerprints, read-only after
/// construction (so lookups are thread-safe). Fingerprint 0 marks an empty slot.
/// </summary>
internal sealed class FeatureTable
{
    private readonly ulong[] _slots;
    private readonly int _mask;

    /// <param name="fingerprints">The fingerprint of each row, row i at index i; fingerprints must be distinct and non-zero.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public FeatureTable(ReadOnlySpan<uint> fingerprints)
    {
        var capacity = 16;
        while (capacity < fingerprints.Length * 2)
        {
            capacity *= 2;
        }
        _slots = new ulong[capacity];
        _mask = capacity - 1;
        for (var row = 0; row < fingerprints.Length; row++)
        {
            var fingerprint = fingerprints[row];
            var slot = (int)(Spread(fingerprint) & (uint)_mask);
            while (_slots[slot] != 0)
            {
                if ((uint)(_slots[slot] >> 32) == fingerprint)
                {
                    throw new InvalidDataException("The model holds a feature twice.");
                }
                slot = (slot + 1) & _mask;
            }
            _slots[slot] = ((ulong)fingerprint << 32) | (uint)row;
        }
        Count = fingerprints.Length;
    }

    public int Count { get; }

    /// <summary>The 32-bit fingerprint the model stores for a 64-bit feature key; never 0.</summary>
    public static uint Fingerprint(ulong key)
    {
        var fingerprint = (uint)(key >> 32);
        return fingerprint == 0 ? 1u : fingerprint;
    }

    /// <summary>The row of a feature key, or -1 when the model has no weights for it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Lookup(ulong key)
    {
        var fingerprint = Fingerprint(key);
        var slot = (int)(Spread(fingerprint) & (uint)_mask);
        while (true)
        {
            var entry = _slots[slot];
            if (entry == 0)
            {
                return -1;
            }
            if ((uint)(entry >> 32) == fingerprint)
            {
                return (int)(uint)entry;
            }
            slot = (slot + 1) & _mask;
        }
    }

    // The fingerprint is the high half of a well-mixed hash; its low bits are already uniform.
    private static uint Spread(uint fingerprint) => fingerprint * 0x9E3779B1u >> 7 ^ fingerprint;
}

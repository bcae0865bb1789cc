using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Ingestor.Enrich.Entities;

/// <summary>
/// A trained tagger: feature rows, the weights of both stages, and the phrase lists the features were built with.
/// Immutable after loading; share one instance (see <see cref="LoadDefault"/>) between threads.
/// </summary>
/// <remarks>
/// File format: the 8 bytes "INGNER" 0x01 0x00, then a Brotli stream holding (little-endian) the description,
/// the phrase lists, the row count, the rows' 32-bit key fingerprints (ascending, delta-coded as 7-bit varints),
/// the stage count, and per stage: the weight scale, 306 float transition scores, and rows × 17 weights quantized
/// to signed bytes, written label by label (a column of a label compresses well: most weights are 0).
/// </remarks>
public sealed class NerModel
{
    /// <summary>The manifest name of the model embedded in Ingestor.Core.</summary>
    public const string ResourceName = "Ingestor.Enrich.Entities.ner.model";

    private static readonly byte[] Magic = "INGNER\u0001\0"u8.ToArray();
    private static readonly Lazy<NerModel> Default = new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Builds a model from float weights (rows × 17 per stage), quantizing them as <see cref="Save(Stream)"/> stores them.</summary>
    internal NerModel(string description, PhraseLists lists, uint[] fingerprints, IReadOnlyList<StageWeights> stages)
        : this(description, lists, fingerprints, stages.Count, Quantize(stages, fingerprints.Length, out var scales), scales,
            [.. stages.Select(s => s.Transitions)])
    {
    }

    private NerModel(string description, PhraseLists lists, uint[] fingerprints, int stageCount, sbyte[] weights, float[] scales, float[][] transitions)
    {
        if (stageCount is < 1 or > 2)
        {
            throw new ArgumentException("A model has one or two stages.", nameof(stageCount));
        }
        Description = description;
        Lists = lists;
        Fingerprints = fingerprints;
        Table = new FeatureTable(fingerprints);
        StageCount = stageCount;
        Weights = weights;
        Scales = scales;
        Transitions = transitions;
    }

    /// <summary>What the model was trained on and how well it did, as the trainer wrote it.</summary>
    public string Description { get; }

    /// <summary>Number of feature rows.</summary>
    public int FeatureCount => Table.Count;

    /// <summary>Number of phrases in the model's gazetteer lists.</summary>
    public int PhraseCount => Lists.PhraseCount;

    internal PhraseLists Lists { get; }

    internal uint[] Fingerprints { get; }

    internal FeatureTable Table { get; }

    /// <summary>1 (local features only) or 2 (plus document-level features from stage-1 labels).</summary>
    internal int StageCount { get; }

    /// <summary>Weights as signed bytes: row r, stage s, label y at r × <see cref="Stride"/> + 17 s + y.</summary>
    internal sbyte[] Weights { get; }

    /// <summary>Per stage, the float value of one weight step.</summary>
    internal float[] Scales { get; }

    /// <summary>Per stage, (17 + 1) × 17 transition scores (row = previous label or start).</summary>
    internal float[][] Transitions { get; }

    internal int Stride => LinearChain.Labels * StageCount;

    internal NerModel WithDescription(string description) =>
        new(description, Lists, Fingerprints, StageCount, Weights, Scales, Transitions);

    /// <summary>The model shipped inside Ingestor.Core, loaded on first use and shared afterwards.</summary>
    public static NerModel LoadDefault() => Default.Value;

    public static NerModel Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Load(stream);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static NerModel Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> magic = stackalloc byte[Magic.Length];
        stream.ReadExactly(magic);
        if (!magic.SequenceEqual(Magic))
        {
            throw new InvalidDataException("Not an Ingestor NER model (or a model from an incompatible version).");
        }
        using var brotli = new BrotliStream(stream, CompressionMode.Decompress, leaveOpen: true);
        using var buffered = new BufferedStream(brotli, 1 << 16);
        using var reader = new BinaryReader(buffered, Encoding.UTF8, leaveOpen: true);
        var description = reader.ReadString();
        var names = new string[reader.ReadInt32()];
        for (var k = 0; k < names.Length; k++)
        {
            names[k] = reader.ReadString();
        }
        var entries = new (int List, string Phrase)[reader.ReadInt32()];
        for (var k = 0; k < entries.Length; k++)
        {
            entries[k] = (reader.ReadByte(), reader.ReadString());
        }
        var rows = reader.ReadInt32();
        var fingerprints = new uint[rows];
        uint previous = 0;
        for (var r = 0; r < rows; r++)
        {
            previous += (uint)reader.Read7BitEncodedInt();
            fingerprints[r] = previous;
        }
        var stageCount = reader.ReadInt32();
        if (stageCount is < 1 or > 2)
        {
            throw new InvalidDataException("The model file is damaged (stage count).");
        }
        var stride = LinearChain.Labels * stageCount;
        var weights = new sbyte[rows * stride];
        var scales = new float[stageCount];
        var transitions = new float[stageCount][];
        var column = new sbyte[rows];
        for (var s = 0; s < stageCount; s++)
        {
            scales[s] = reader.ReadSingle();
            transitions[s] = new float[LinearChain.TransitionCount];
            for (var k = 0; k < transitions[s].Length; k++)
            {
                transitions[s][k] = reader.ReadSingle();
            }
            for (var y = 0; y < LinearChain.Labels; y++)
            {
                reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(column.AsSpan()));
                var at = s * LinearChain.Labels + y;
                for (var r = 0; r < rows; r++, at += stride)
                {
                    weights[at] = column[r];
                }
            }
        }
        return new NerModel(description, new PhraseLists(names, entries), fingerprints, stageCount, weights, scales, transitions);
    }

    public void Save(string path)
    {
        using var stream = File.Create(path);
        Save(stream);
    }

    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(Magic);
        using var brotli = new BrotliStream(stream, CompressionLevel.SmallestSize, leaveOpen: true);
        using var writer = new BinaryWriter(brotli, Encoding.UTF8, leaveOpen: true);
        writer.Write(Description);
        writer.Write(Lists.Names.Count);
        foreach (var name in Lists.Names)
        {
            writer.Write(name);
        }
        writer.Write(Lists.Entries.Count);
        foreach (var (list, phrase) in Lists.Entries)
        {
            writer.Write((byte)list);
            writer.Write(phrase);
        }
        var rows = Fingerprints.Length;
        writer.Write(rows);
        uint previous = 0;
        foreach (var fingerprint in Fingerprints)
        {
            writer.Write7BitEncodedInt((int)(fingerprint - previous));
            previous = fingerprint;
        }
        writer.Write(StageCount);
        var column = new sbyte[rows];
        for (var s = 0; s < StageCount; s++)
        {
            writer.Write(Scales[s]);
            foreach (var t in Transitions[s])
            {
                writer.Write(t);
            }
            for (var y = 0; y < LinearChain.Labels; y++)
            {
                var at = s * LinearChain.Labels + y;
                for (var r = 0; r < rows; r++, at += Stride)
                {
                    column[r] = Weights[at];
                }
                writer.Write(MemoryMarshal.AsBytes(column.AsSpan()));
            }
        }
    }

    private static sbyte[] Quantize(IReadOnlyList<StageWeights> stages, int rows, out float[] scales)
    {
        var stride = LinearChain.Labels * stages.Count;
        var weights = new sbyte[rows * stride];
        scales = new float[stages.Count];
        for (var s = 0; s < stages.Count; s++)
        {
            var scale = scales[s] = Quantization.Scale(stages[s].Weights);
            for (var r = 0; r < rows; r++)
            {
                for (var y = 0; y < LinearChain.Labels; y++)
                {
                    weights[r * stride + s * LinearChain.Labels + y] = Quantization.Quantize(stages[s].Weights[r * LinearChain.Labels + y], scale);
                }
            }
        }
        return weights;
    }

    private static NerModel LoadEmbedded()
    {
        using var stream = typeof(NerModel).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The NER model resource {ResourceName} is missing from {typeof(NerModel).Assembly.GetName().Name}.");
        return Load(stream);
    }
}

/// <summary>One stage's weights: rows × 17 label scores, row-major, and the (17 + 1) × 17 transition scores.</summary>
internal sealed record StageWeights(float[] Weights, float[] Transitions);

/// <summary>Signed-byte quantization with one scale per weight matrix.</summary>
internal static class Quantization
{
    public static float Scale(ReadOnlySpan<float> weights)
    {
        var max = 0f;
        foreach (var w in weights)
        {
            max = Math.Max(max, Math.Abs(w));
        }
        return max == 0 ? 1f : max / 127f;
    }

    public static sbyte Quantize(float weight, float scale) => (sbyte)Math.Clamp(MathF.Round(weight / scale), -127, 127);
}

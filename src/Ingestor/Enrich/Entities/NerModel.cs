using System.IO.Compression;
using System.Text;

namespace Ingestor.Enrich.Entities;

/// <summary>
/// A trained tagger: feature rows, the weights of both stages, and the phrase lists the features were built with.
/// Immutable after loading; share one instance (see <see cref="LoadDefault"/>) between threads.
/// </summary>
/// <remarks>
/// File format: the 8 bytes "INGNER" 0x01 0x00, then a Brotli stream holding (little-endian) the description,
/// the phrase lists, the row count, the rows' 32-bit key fingerprints (ascending, delta-coded as 7-bit varints),
/// and per stage: the weight scale, 306 float transition scores, and rows × 17 weights quantized to signed bytes,
/// written label by label.
/// </remarks>
public sealed class NerModel
{
    /// <summary>The manifest name of the model embedded in Ingestor.Core.</summary>
    public const string ResourceName = "Ingestor.Enrich.Entities.ner.model";

    private static readonly byte[] Magic = "INGNER\u0001\0"u8.ToArray();
    private static readonly Lazy<NerModel> Default = new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    internal NerModel(string description, PhraseLists lists, uint[] fingerprints, IReadOnlyList<StageWeights> stages)
    {
        if (stages.Count is < 1 or > 2)
        {
            throw new ArgumentException("A model has one or two stages.", nameof(stages));
        }
        Description = description;
        Lists = lists;
        Fingerprints = fingerprints;
        Table = new FeatureTable(fingerprints);
        Stages = stages;
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

    internal IReadOnlyList<StageWeights> Stages { get; }

    /// <summary>The model shipped inside Ingestor.Core, loaded on first use and shared afterwards.</summary>
    public static NerModel LoadDefault() => Default.Value;

    public static NerModel Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Load(stream);
    }

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
        var stages = new StageWeights[reader.ReadInt32()];
        var quantized = new sbyte[rows];
        for (var s = 0; s < stages.Length; s++)
        {
            var scale = reader.ReadSingle();
            var transitions = new float[LinearChain.TransitionCount];
            for (var k = 0; k < transitions.Length; k++)
            {
                transitions[k] = reader.ReadSingle();
            }
            var weights = new float[rows * LinearChain.Labels];
            for (var y = 0; y < LinearChain.Labels; y++)
            {
                reader.BaseStream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(quantized.AsSpan()));
                for (var r = 0; r < rows; r++)
                {
                    weights[r * LinearChain.Labels + y] = quantized[r] * scale;
                }
            }
            stages[s] = new StageWeights(weights, transitions);
        }
        return new NerModel(description, new PhraseLists(names, entries), fingerprints, stages);
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
        writer.Write(Stages.Count);
        var quantized = new sbyte[rows];
        foreach (var stage in Stages)
        {
            var scale = Quantization.Scale(stage.Weights);
            writer.Write(scale);
            foreach (var t in stage.Transitions)
            {
                writer.Write(t);
            }
            for (var y = 0; y < LinearChain.Labels; y++)
            {
                for (var r = 0; r < rows; r++)
                {
                    quantized[r] = Quantization.Quantize(stage.Weights[r * LinearChain.Labels + y], scale);
                }
                writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(quantized.AsSpan()));
            }
        }
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

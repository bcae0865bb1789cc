using System.Globalization;
using Ingestor.Articles;

namespace Ingestor.Enrich.Entities;

/// <summary>
/// Entity-level precision, recall and F1 as conlleval and the project's NER scorer count them: a predicted span
/// covers every corpus token it overlaps, and counts only when start, end and type all match a gold entity.
/// </summary>
public sealed class EntityScore
{
    private readonly int[] _correct = new int[4];
    private readonly int[] _predicted = new int[4];
    private readonly int[] _gold = new int[4];

    public void Add(ConllDocument document, IEnumerable<TaggedSpan> predicted)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(predicted);
        var gold = document.Gold.ToHashSet();
        var found = new HashSet<(int, int, EntityType)>();
        foreach (var span in predicted)
        {
            if (document.TokensOf(span.Start, span.End) is { } tokens)
            {
                found.Add((tokens.First, tokens.End, span.Type));
            }
        }
        foreach (var g in gold)
        {
            _gold[(int)g.Type]++;
        }
        foreach (var p in found)
        {
            _predicted[(int)p.Item3]++;
            if (gold.Contains(p))
            {
                _correct[(int)p.Item3]++;
            }
        }
    }

    public double Precision => Ratio(_correct.Sum(), _predicted.Sum());

    public double Recall => Ratio(_correct.Sum(), _gold.Sum());

    public double F1 => Harmonic(Precision, Recall);

    public double PrecisionOf(EntityType type) => Ratio(_correct[(int)type], _predicted[(int)type]);

    public double RecallOf(EntityType type) => Ratio(_correct[(int)type], _gold[(int)type]);

    public double F1Of(EntityType type) => Harmonic(PrecisionOf(type), RecallOf(type));

    /// <summary>"F1=0.912 P=0.915 R=0.909 PER=… ORG=… LOC=… MISC=…".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"F1={F1:0.0000} P={Precision:0.0000} R={Recall:0.0000} PER={F1Of(EntityType.Person):0.0000} ORG={F1Of(EntityType.Organization):0.0000} LOC={F1Of(EntityType.Location):0.0000} MISC={F1Of(EntityType.Misc):0.0000}");

    /// <summary>One line per type with precision, recall and F1.</summary>
    public string Detail()
    {
        var lines = new System.Text.StringBuilder();
        foreach (var type in Enum.GetValues<EntityType>())
        {
            lines.Append(CultureInfo.InvariantCulture,
                $"{type.ToWire(),-12} P={PrecisionOf(type):0.0000} R={RecallOf(type):0.0000} F1={F1Of(type):0.0000} gold={_gold[(int)type]} predicted={_predicted[(int)type]}\n");
        }
        return lines.ToString();
    }

    private static double Ratio(int a, int b) => b == 0 ? 0 : (double)a / b;

    private static double Harmonic(double p, double r) => p + r == 0 ? 0 : 2 * p * r / (p + r);
}

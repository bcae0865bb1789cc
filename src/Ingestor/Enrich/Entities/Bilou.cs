using Ingestor.Articles;

namespace Ingestor.Enrich.Entities;

/// <summary>
/// The tag set: O plus B(egin), I(nside), L(ast) and U(nit) for each of the four entity types, 17 labels.
/// Label 0 is O; type t has B = 1 + 4t, I = 2 + 4t, L = 3 + 4t, U = 4 + 4t.
/// </summary>
internal static class Bilou
{
    public const int Count = 17;
    public const int Outside = 0;

    /// <summary>Index of the virtual label before the first token, used in transition tables.</summary>
    public const int Start = Count;

    public static int Begin(EntityType type) => 1 + 4 * (int)type;

    public static int Inside(EntityType type) => 2 + 4 * (int)type;

    public static int Last(EntityType type) => 3 + 4 * (int)type;

    public static int Unit(EntityType type) => 4 + 4 * (int)type;

    public static EntityType TypeOf(int label) => (EntityType)((label - 1) / 4);

    /// <summary>0 = O, 1 = B, 2 = I, 3 = L, 4 = U.</summary>
    public static int PartOf(int label) => label == Outside ? 0 : 1 + (label - 1) % 4;

    /// <summary>Whether <paramref name="label"/> may follow <paramref name="previous"/> (or <see cref="Start"/>).</summary>
    public static bool Allowed(int previous, int label)
    {
        var open = previous != Start && PartOf(previous) is 1 or 2;
        if (!open)
        {
            return PartOf(label) is 0 or 1 or 4;
        }
        return PartOf(label) is 2 or 3 && TypeOf(label) == TypeOf(previous);
    }

    /// <summary>Whether a sentence may end with <paramref name="label"/>.</summary>
    public static bool CanEnd(int label) => PartOf(label) is 0 or 3 or 4;

    /// <summary>Writes the labels of spans given in token indices; tokens outside every span get O.</summary>
    public static void Encode(ReadOnlySpan<(int First, int End, EntityType Type)> spans, Span<int> labels)
    {
        labels.Clear();
        foreach (var (first, end, type) in spans)
        {
            if (end - first == 1)
            {
                labels[first] = Unit(type);
                continue;
            }
            labels[first] = Begin(type);
            for (var k = first + 1; k < end - 1; k++)
            {
                labels[k] = Inside(type);
            }
            labels[end - 1] = Last(type);
        }
    }

    /// <summary>Reads spans (token indices, end exclusive) from a valid label sequence.</summary>
    public static void Decode(ReadOnlySpan<int> labels, List<(int First, int End, EntityType Type)> spans)
    {
        var open = -1;
        for (var k = 0; k < labels.Length; k++)
        {
            switch (PartOf(labels[k]))
            {
                case 1:
                    open = k;
                    break;
                case 3 when open >= 0:
                    spans.Add((open, k + 1, TypeOf(labels[k])));
                    open = -1;
                    break;
                case 4:
                    spans.Add((k, k + 1, TypeOf(labels[k])));
                    open = -1;
                    break;
                case 0:
                    open = -1;
                    break;
                default:
                    break;
            }
        }
    }
}

using System.Text;
using Ingestor.Articles;

namespace Ingestor.Tests.Enrich.Duplicates;

/// <summary>The ways a copy of an article differs from it, as seen in syndication.</summary>
internal enum VariantKind
{
    Repost,
    Reheadlined,
    Truncated,
    LightEdit,
    Boilerplate,
    Combined,
}

/// <summary>A generated article and the original it copies (null for originals).</summary>
internal sealed record LabelledArticle(Article Article, string? CopyOf, VariantKind? Kind);

/// <summary>
/// Generates a labelled duplicate-detection set from our own articles: each original plus copies
/// made the way wire copies differ (reposted, re-headlined, truncated, lightly edited, wrapped in
/// boilerplate, all of these at once). Articles on the same topic that are not copies (two storm
/// reports, two earnings reports, two days of the same talks) are the hard negatives.
/// </summary>
internal static class DuplicateVariants
{
    private static readonly string[] Headlines =
    [
        "UPDATE 2: {0}", "{0} – live updates", "What we know: {0}", "{0}, officials say", "BREAKING: {0}",
    ];

    private static readonly string[] BoilerplateTop =
    [
        "Listen to this article · 4 min",
        "Advertisement",
        "Published by the Coastal Wire news service. Republished with permission.",
    ];

    private static readonly string[] BoilerplateBottom =
    [
        "Sign up for our morning newsletter and get the day's top stories in your inbox.",
        "Related: The week in pictures\n\nRelated: Ten things to watch this month\n\nRelated: Our reporters answer your questions",
        "© 2025 Coastal Wire. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.",
        "Have a news tip? Contact our newsroom at any time, day or night.",
    ];

    public static IReadOnlyList<LabelledArticle> Generate(IReadOnlyList<Article> originals, int seed, int copiesPerKind = 2)
    {
        var random = new Random(seed);
        var set = originals.Select(o => new LabelledArticle(o, null, null)).ToList();
        var copies = new List<LabelledArticle>();
        foreach (var original in originals)
        {
            foreach (var kind in Enum.GetValues<VariantKind>())
            {
                for (var n = 0; n < copiesPerKind; n++)
                {
                    var copy = Make(original, kind, random);
                    copies.Add(new LabelledArticle(copy with { Id = $"{original.Id}-{kind}-{n}".ToLowerInvariant(), Source = "copy-" + n }, original.Id, kind));
                }
            }
        }
        // Copies arrive after their original, in any order among themselves.
        set.AddRange(copies.OrderBy(_ => random.Next()));
        return set;
    }

    private static Article Make(Article original, VariantKind kind, Random random) => kind switch
    {
        VariantKind.Repost => original with { Url = $"https://mirror{random.Next(100)}.example/{original.Id}", CanonicalUrl = null },
        VariantKind.Reheadlined => original with { Title = Reheadline(original, random) },
        VariantKind.Truncated => original with { Body = Truncate(original.Body, random) },
        VariantKind.LightEdit => original with { Body = LightEdit(original.Body, random) },
        VariantKind.Boilerplate => original with { Body = AddBoilerplate(original.Body, random) },
        _ => original with
        {
            Title = Reheadline(original, random),
            Body = AddBoilerplate(LightEdit(Truncate(original.Body, random), random), random),
        },
    } with { CanonicalUrl = null, ContentHash = "variant" };

    private static string Reheadline(Article original, Random random)
    {
        var words = original.Title.Split(' ');
        var shortened = string.Join(' ', words.Take(Math.Max(4, words.Length / 2)));
        return string.Format(System.Globalization.CultureInfo.InvariantCulture, Headlines[random.Next(Headlines.Length)], shortened);
    }

    /// <summary>Keeps the first 40–75% of the words, cut at a sentence end when there is one.</summary>
    private static string Truncate(string body, Random random)
    {
        var keep = (int)(body.Length * (0.4 + random.NextDouble() * 0.35));
        var cut = body.LastIndexOf(". ", keep, StringComparison.Ordinal);
        var text = cut > body.Length / 4 ? body[..(cut + 1)] : body[..keep];
        return text + (random.Next(2) == 0 ? "\n\nRead the full story on our website." : "");
    }

    /// <summary>Changes about 4% of the words: dropped, doubled, misspelled, re-cased or swapped; straight quotes.</summary>
    private static string LightEdit(string body, Random random)
    {
        var paragraphs = body.Split("\n\n");
        var result = new List<string>();
        foreach (var paragraph in paragraphs)
        {
            var words = paragraph.Split(' ').ToList();
            for (var i = 0; i < words.Count; i++)
            {
                if (random.NextDouble() >= 0.04)
                {
                    continue;
                }
                switch (random.Next(5))
                {
                    case 0:
                        words.RemoveAt(i);
                        break;
                    case 1:
                        words.Insert(i, words[i]);
                        i++;
                        break;
                    case 2 when words[i].Length > 3:
                        words[i] = words[i].Remove(random.Next(1, words[i].Length - 1), 1);
                        break;
                    case 3:
                        words[i] = words[i].ToUpperInvariant();
                        break;
                    default:
                        if (i + 1 < words.Count)
                        {
                            (words[i], words[i + 1]) = (words[i + 1], words[i]);
                        }
                        break;
                }
            }
            result.Add(string.Join(' ', words).Replace('“', '"').Replace('”', '"').Replace('’', '\''));
        }
        return string.Join("\n\n", result);
    }

    private static string AddBoilerplate(string body, Random random)
    {
        var sb = new StringBuilder();
        if (random.Next(2) == 0)
        {
            sb.Append(BoilerplateTop[random.Next(BoilerplateTop.Length)]).Append("\n\n");
        }
        sb.Append(body);
        var bottom = 1 + random.Next(2);
        foreach (var block in BoilerplateBottom.OrderBy(_ => random.Next()).Take(bottom))
        {
            sb.Append("\n\n").Append(block);
        }
        return sb.ToString();
    }
}

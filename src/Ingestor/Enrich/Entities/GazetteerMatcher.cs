using System.Text;
using Ingestor.Articles;

namespace Ingestor.Enrich.Entities;

/// <summary>A name found in text: its span and the gazetteer entry it names.</summary>
public readonly record struct GazetteerMatch(int Start, int End, GazetteerEntry Entry);

/// <summary>
/// Finds gazetteer names in text, longest match first, over folded name segments (a character trie),
/// so "Mohammed bin Abdul Rahman al-Thani" and "Mohammed bin Abdulrahman Al Thani" meet.
/// Capitalization guards keep "us" from matching "US" and "turkey" from matching "Turkey".
/// </summary>
public sealed class GazetteerMatcher
{
    private static readonly HashSet<string> LowercaseParticles = new(StringComparer.Ordinal)
    {
        "al", "el", "bin", "ibn", "bint", "de", "da", "di", "du", "van", "von", "le", "la", "abu", "abd", "ben", "der", "den",
    };

    private readonly Node _root = new();

    public GazetteerMatcher(Gazetteer gazetteer)
    {
        Gazetteer = gazetteer;
        foreach (var entry in gazetteer.Entries)
        {
            foreach (var name in entry.AllNames)
            {
                Add(name, entry);
            }
        }
    }

    public Gazetteer Gazetteer { get; }

    private void Add(string name, GazetteerEntry entry)
    {
        var sb = new StringBuilder();
        foreach (var segment in NameSegments.Scan(name))
        {
            NameKey.FoldToken(name.AsSpan(segment.Start, segment.End - segment.Start), sb);
        }
        if (sb.Length == 0)
        {
            return;
        }
        var node = _root;
        foreach (var c in sb.ToString())
        {
            node.Children ??= [];
            if (!node.Children.TryGetValue(c, out var next))
            {
                node.Children[c] = next = new Node();
            }
            node = next;
        }
        var letters = name.Where(char.IsLetter).ToList();
        var allCaps = letters.Count > 0 && letters.All(char.IsUpper);
        node.Terminals ??= [];
        if (!node.Terminals.Exists(t => ReferenceEquals(t.Entry, entry) && t.RequiresCaps == allCaps))
        {
            node.Terminals.Add(new Terminal(entry, allCaps, allCaps ? StripToLetters(name) : null));
        }
    }

    /// <summary>All gazetteer names in the text, non-overlapping, leftmost-longest.</summary>
    public List<GazetteerMatch> Match(string text) => Match(text, NameSegments.Scan(text));

    /// <summary>The same, over the text's <see cref="NameSegments.Scan"/> (which the caller needs too).</summary>
    internal List<GazetteerMatch> Match(string text, List<NameSegments.Segment> segments)
    {
        var matches = new List<GazetteerMatch>();
        var folded = new StringBuilder(32);
        var i = 0;
        while (i < segments.Count)
        {
            var best = default(GazetteerMatch?);
            var bestEnd = -1;
            if (CanStartName(text, segments[i]))
            {
                var node = _root;
                for (var j = i; j < segments.Count && j - i < 12 && node is not null; j++)
                {
                    if (j > i && !Adjacent(text, segments[j - 1], segments[j]))
                    {
                        break;
                    }
                    folded.Clear();
                    NameKey.FoldToken(text.AsSpan(segments[j].Start, segments[j].End - segments[j].Start), folded);
                    for (var k = 0; k < folded.Length && node is not null; k++)
                    {
                        node = node.Children is not null && node.Children.TryGetValue(folded[k], out var next) ? next : null;
                    }
                    if (node?.Terminals is { } terminals && CanEndName(text, segments[j]))
                    {
                        var start = segments[i].Start;
                        var end = segments[j].End;
                        var surface = text.AsSpan(start, end - start);
                        foreach (var terminal in terminals)
                        {
                            if (terminal.RequiresCaps && !SameLetters(surface, terminal.Letters!))
                            {
                                continue;
                            }
                            best = new GazetteerMatch(start, end, terminal.Entry);
                            bestEnd = j;
                            break;
                        }
                    }
                }
            }
            if (best is { } match)
            {
                matches.Add(match);
                i = bestEnd + 1;
            }
            else
            {
                i++;
            }
        }
        return matches;
    }

    private static bool CanStartName(string text, NameSegments.Segment segment)
    {
        if (!segment.StartsToken)
        {
            return false;
        }
        var first = text[segment.Start];
        if (char.IsUpper(first) || char.IsDigit(first))
        {
            return true;
        }
        var token = text.AsSpan(segment.Start, segment.End - segment.Start);
        // Particles ("al-Thani") and mixed-case brands ("xAI", "i24NEWS") may start a name in lower case.
        return (LowercaseParticles.Contains(token.ToString()) && !segment.EndsToken) || token[1..].ContainsAnyInRange('A', 'Z');
    }

    // A name ends on a capitalized word ("Board of Peace", not "Rafah crossing" in running text),
    // or inside a hyphenated word whose head is capitalized ("Lee Jae-myung").
    private static bool CanEndName(string text, NameSegments.Segment segment)
    {
        var first = text[segment.Start];
        return char.IsUpper(first) || char.IsDigit(first) || !segment.StartsToken;
    }

    // Names continue across a space (or the comma of "Washington, D.C.") or an in-token hyphen, never across sentence punctuation.
    private static bool Adjacent(string text, NameSegments.Segment previous, NameSegments.Segment next)
    {
        if (!previous.EndsToken)
        {
            return true;
        }
        var gap = text.AsSpan(previous.End, next.Start - previous.End);
        if (gap.Length == 0 || gap.Length > 3)
        {
            return false;
        }
        foreach (var c in gap)
        {
            if (!(c == ' ' || c == '\u00A0' || c == ','))
            {
                return false;
            }
        }
        return true;
    }

    private static string StripToLetters(string text) => new(text.Where(char.IsLetterOrDigit).ToArray());

    private static bool SameLetters(ReadOnlySpan<char> surface, string letters)
    {
        var k = 0;
        foreach (var c in surface)
        {
            if (!char.IsLetterOrDigit(c))
            {
                continue;
            }
            if (k >= letters.Length || c != letters[k])
            {
                return false;
            }
            k++;
        }
        return k == letters.Length;
    }

    private sealed record Terminal(GazetteerEntry Entry, bool RequiresCaps, string? Letters);

    private sealed class Node
    {
        public Dictionary<char, Node>? Children;
        public List<Terminal>? Terminals;
    }
}

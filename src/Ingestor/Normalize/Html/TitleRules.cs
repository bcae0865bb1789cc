using System.Text;

namespace Ingestor.Normalize.Html;

/// <summary>
/// Headline choice and cleanup: page titles usually carry the site's name ("Headline | Site",
/// "Site - Headline"), which is removed when it is recognisably the site and not the headline.
/// </summary>
internal static class TitleRules
{
    private static readonly string[] Separators = [" | ", " – ", " — ", " - ", " :: ", " » ", " « ", " · ", " • ", " / ", " : "];

    /// <summary>
    /// The headline: the page's h1 when a stated title agrees with it, else the first stated title
    /// (JSON-LD headline, og:title, document title) with the site name removed.
    /// </summary>
    public static string? Choose(IReadOnlyList<string> statedTitles, string? documentTitle, IReadOnlyList<string> h1Texts,
        IReadOnlyCollection<string> siteNames)
    {
        var stated = statedTitles.Where(t => t.Length > 0).ToList();
        var all = documentTitle is { Length: > 0 } ? stated.Append(documentTitle).ToList() : stated;
        foreach (var h1 in h1Texts)
        {
            if (h1.Length is < 3 or > 300)
            {
                continue;
            }
            var key = Key(h1);
            if (all.Any(t => Key(t) == key || (key.Length >= 10 && Key(t).Contains(key, StringComparison.Ordinal))))
            {
                return h1;
            }
        }
        foreach (var title in stated)
        {
            var clean = StripSiteName(title, siteNames);
            if (clean.Length > 0)
            {
                return clean;
            }
        }
        if (documentTitle is { Length: > 0 })
        {
            var clean = StripSiteName(documentTitle, siteNames);
            if (clean.Length > 0)
            {
                return clean;
            }
        }
        return h1Texts.FirstOrDefault(h => h.Length is >= 3 and <= 300);
    }

    /// <summary>Removes a leading or trailing site name ("Headline | Site", "Site: Headline").</summary>
    public static string StripSiteName(string title, IReadOnlyCollection<string> siteNames)
    {
        title = TextCleaner.CleanInline(title);
        var siteKeys = siteNames.Select(Key).Where(k => k.Length > 0).ToList();
        foreach (var separator in Separators)
        {
            var last = title.LastIndexOf(separator, StringComparison.Ordinal);
            if (last > 0)
            {
                var tail = title[(last + separator.Length)..];
                var head = title[..last];
                if (IsSiteName(tail, siteKeys))
                {
                    return StripSiteName(head, siteNames);
                }
            }
            var first = title.IndexOf(separator == " : " ? ": " : separator, StringComparison.Ordinal);
            if (first > 0)
            {
                var lead = title[..first];
                if (IsSiteName(lead, siteKeys))
                {
                    return StripSiteName(title[(first + (separator == " : " ? 2 : separator.Length))..], siteNames);
                }
            }
        }
        // No known site name: a trailing " | Anything" part is a section or site name when the rest reads as a headline.
        foreach (var separator in (ReadOnlySpan<string>)[" | ", " – ", " — ", " - ", " :: ", " » "])
        {
            var last = title.LastIndexOf(separator, StringComparison.Ordinal);
            if (last <= 0)
            {
                continue;
            }
            var head = title[..last];
            var tail = title[(last + separator.Length)..];
            var tailWords = Words(tail);
            if (Words(head) >= 4 && tailWords <= 4 && LooksLikeName(tail))
            {
                return StripSiteName(head, siteNames);
            }
        }
        return title;
    }

    private static bool IsSiteName(string part, List<string> siteKeys)
    {
        var key = Key(part);
        if (key.Length == 0)
        {
            return false;
        }
        if (part.Contains('.', StringComparison.Ordinal) && !part.Contains(' ', StringComparison.Ordinal) && part.Length < 40)
        {
            return true; // "example.com"
        }
        return siteKeys.Any(s => s == key || (s.Length >= 4 && (key.StartsWith(s, StringComparison.Ordinal) || s.StartsWith(key, StringComparison.Ordinal)) && key.Length < s.Length + 12));
    }

    /// <summary>Capitalised words or a domain ("My website", "Tech News", "example.com"): how site and section names look.</summary>
    private static bool LooksLikeName(string part)
    {
        var words = part.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0 || !(char.IsUpper(words[0][0]) || char.IsDigit(words[0][0])))
        {
            return words.Length == 1 && words[0].Contains('.', StringComparison.Ordinal);
        }
        var capitalised = words.Count(w => char.IsUpper(w[0]) || char.IsDigit(w[0]) || w.Contains('.', StringComparison.Ordinal));
        return words.Length <= 2 || capitalised * 2 >= words.Length + 1;
    }

    /// <summary>Permalink marks that documentation and blog engines append to headings ("Title¶").</summary>
    public static string TrimPermalinkMarks(string heading)
    {
        var text = heading.TrimEnd().TrimEnd('¶', '§', '\u2693').TrimEnd();
        // "Installation #" but not "C#".
        return text.EndsWith(" #", StringComparison.Ordinal) ? text[..^2].TrimEnd() : text;
    }

    private static int Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>Letters and digits only, lower-cased: how two spellings of one title are compared.</summary>
    public static string Key(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                sb.Append(char.ToLowerInvariant(c));
            }
        }
        return sb.ToString();
    }

    /// <summary>True when a heading repeats the headline (so it is not part of the body).</summary>
    public static bool SameAsTitle(string heading, string? title)
    {
        if (string.IsNullOrEmpty(title))
        {
            return false;
        }
        var a = Key(heading);
        var b = Key(title);
        if (a.Length == 0 || b.Length == 0)
        {
            return false;
        }
        if (a == b)
        {
            return true;
        }
        var shorter = a.Length < b.Length ? a : b;
        var longer = a.Length < b.Length ? b : a;
        return shorter.Length >= 15 && longer.Contains(shorter, StringComparison.Ordinal) && shorter.Length * 4 >= longer.Length * 3;
    }
}

using System.Text.RegularExpressions;

namespace Ingestor.Normalize.Text;

/// <summary>
/// Recognizes the non-article lines that copy-pasted and scraped news text carries:
/// related-link blocks, "Also Read:" lines, publisher tags, share/advertising prompts and credits.
/// </summary>
public static partial class Boilerplate
{
    /// <summary>A line that only announces a list of related links ("also read", "Related stories").</summary>
    [GeneratedRegex(@"^(?:also\s+read|read\s+also|read\s+more|more\s+to\s+read|related(?:\s+(?:articles?|stories|news|coverage|content|reading|posts?|links?))?|see\s+also|more\s+on\s+this(?:\s+story)?|more\s+stories|recommended(?:\s+(?:for\s+you|stories|articles?))?|you\s+may\s+(?:also\s+)?like|you\s+might\s+(?:also\s+)?like|trending(?:\s+now)?|top\s+stories|latest\s+news|don'?t\s+miss|must\s+read|editor'?s\s+picks?|popular(?:\s+now)?|most\s+read)\s*[:\-–—|]?\s*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RelatedHeaderRegex();

    /// <summary>A single-line pointer to another article ("Also Read: Trump Travel Ban …").</summary>
    [GeneratedRegex(@"^(?:also\s+read|read\s+also|read\s+more|more\s+to\s+read|related(?:\s+(?:article|story|news|coverage))?|see\s+also|recommended|watch|watch\s+now|listen|click\s+here|must\s+read|don'?t\s+miss|read\s+next|up\s+next|more)\s*[:\-–—|>»]\s*\S",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex InlinePointerRegex();

    /// <summary>Standalone prompts and credits that are never article text.</summary>
    [GeneratedRegex(@"^(?:advertisement|advertising|sponsored(?:\s+content)?|story\s+continues\s+(?:below|after)(?:\s+(?:this\s+)?(?:advertisement|ad))?|continue\s+reading(?:\s+below)?|share(?:\s+this(?:\s+(?:article|story))?)?|share\s+on\s+\w+|tweet|print|email|comments?|\d+\s+comments?|sign\s+up\s+for\s+.{0,80}|subscribe(?:\s+to\s+.{0,80})?|follow\s+us\s+on\s+.{0,80}|join\s+our\s+.{0,60}(?:channel|newsletter|community).{0,40}|click\s+here\s+.{0,100}|(?:photo|image|picture|video)\s*(?:credit)?\s*:.{0,120}|(?:©|\(c\)|copyright)\s*.{0,120}|all\s+rights\s+reserved\.?|getty\s+images|reuters/.{0,60}|ap\s+photo/.{0,80})$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StandaloneRegex();

    /// <summary>Wire-service credit lines that close an article: "(Reporting by …; Editing by …)".</summary>
    [GeneratedRegex(@"^[\(\[]\s*(?:reporting|writing|additional\s+reporting|editing|compiled|translated)\s+by\b.{0,300}[\)\]]$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CreditRegex();

    public static bool IsRelatedHeader(string line) => line.Length <= 60 && RelatedHeaderRegex().IsMatch(line);

    public static bool IsInlinePointer(string line) =>
        TextCleaner.CountWords(line) <= 30 && InlinePointerRegex().IsMatch(line) && !LooksLikeSentenceAfterColon(line);

    public static bool IsStandalone(string line) => line.Length <= 160 && StandaloneRegex().IsMatch(line);

    public static bool IsCredit(string line) => CreditRegex().IsMatch(line);

    /// <summary>
    /// A short line wholly in parentheses or brackets — "(YWN World Headquarters – NYC)" —
    /// that closes an article is a publisher tag, not text.
    /// </summary>
    public static bool IsPublisherTag(string line) =>
        line.Length is > 2 and <= 120 &&
        ((line[0] == '(' && line[^1] == ')') || (line[0] == '[' && line[^1] == ']')) &&
        line.IndexOf('(', 1) < 0 && TextCleaner.CountWords(line) <= 14;

    /// <summary>A list-item line in a related-links block: bulleted, or a short headline-like line.</summary>
    public static bool IsLinkListItem(string line, out string headline)
    {
        var trimmed = line.TrimStart();
        if (trimmed.Length > 1 && trimmed[0] is '-' or '–' or '—' or '•' or '*' or '·' or '►' or '▸' or '>' or '»' && char.IsWhiteSpace(trimmed[1]))
        {
            headline = trimmed[1..].Trim();
            return headline.Length > 0;
        }
        headline = trimmed;
        return IsHeadlineLike(trimmed);
    }

    /// <summary>Short, capitalized, no sentence-final period: how headlines and headings look.</summary>
    public static bool IsHeadlineLike(string line)
    {
        var words = TextCleaner.CountWords(line);
        return words is >= 1 and <= 18 && line.Length <= 160 && !EndsLikeSentence(line) &&
               (char.IsUpper(line[0]) || char.IsDigit(line[0]) || line[0] is '"' or '\u201C' or '\'' or '\u2018');
    }

    public static bool EndsLikeSentence(string line)
    {
        var end = line.TrimEnd();
        while (end.Length > 0 && end[^1] is '"' or '\u201D' or '\'' or '\u2019' or ')' or ']')
        {
            end = end[..^1];
        }
        return end.Length > 0 && end[^1] is '.' or ',' or ';' or ':' or '…';
    }

    // "Read more: the minister said the talks would resume on Monday." is a sentence, not a pointer,
    // when what follows the colon is long running prose; pointers are title-like.
    private static bool LooksLikeSentenceAfterColon(string line)
    {
        var colon = line.IndexOfAny([':', '|', '>', '»', '–', '—', '-']);
        var rest = colon >= 0 ? line[(colon + 1)..].Trim() : line;
        return TextCleaner.CountWords(rest) > 22 && rest.EndsWith('.');
    }
}

using System.Text.RegularExpressions;
using Ingestor.Articles;

namespace Ingestor.Normalize.Text;

/// <summary>
/// Reads plain-text articles (one paragraph per line, or hard-wrapped paragraphs separated by blank
/// lines): finds the headline, section headings, dateline and byline, and strips boilerplate.
/// </summary>
public static partial class PlainTextReader
{
    private const int MaxHeadingWords = 14;

    /// <summary>Reads a whole text file.</summary>
    public static ExtractedContent Read(string text) => Read(text, knownTitle: null);

    /// <summary>Reads article text whose headline may already be known (JSON articles, feed items).</summary>
    public static ExtractedContent Read(string text, string? knownTitle)
    {
        var lines = SplitIntoLines(TextCleaner.CleanMultiline(text));
        var removed = new List<string>();
        var blocks = new List<TextBlock>();
        var authors = new List<string>();
        string? title = string.IsNullOrWhiteSpace(knownTitle) ? null : knownTitle;

        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (Boilerplate.IsRelatedHeader(line))
            {
                removed.Add(line);
                i = ConsumeLinkList(lines, i + 1, removed) - 1;
                continue;
            }
            if (Boilerplate.IsInlinePointer(line) || Boilerplate.IsStandalone(line))
            {
                removed.Add(line);
                continue;
            }
            var markdownHeading = MarkdownHeadingRegex().Match(line);
            if (markdownHeading.Success)
            {
                var headingText = markdownHeading.Groups[2].Value.Trim();
                if (title is null && blocks.Count == 0 && markdownHeading.Groups[1].Length == 1)
                {
                    title = headingText;
                }
                else
                {
                    blocks.Add(new TextBlock(BlockKind.Heading, headingText));
                }
                continue;
            }
            if (blocks.Count == 0 && TryReadByline(line, authors))
            {
                continue;
            }
            var hasFollowingText = NextContentLine(lines, i) is not null;
            if (title is null && blocks.Count == 0 && hasFollowingText && Boilerplate.IsHeadlineLike(line))
            {
                title = line;
                continue;
            }
            if (hasFollowingText && blocks.Count > 0 && IsSectionHeading(line, NextContentLine(lines, i)!))
            {
                blocks.Add(new TextBlock(BlockKind.Heading, line));
                continue;
            }
            blocks.Add(new TextBlock(BlockKind.Paragraph, line));
        }

        StripTrailingTags(blocks, removed);
        var dateline = ExtractDateline(blocks);
        return new ExtractedContent
        {
            Title = title,
            Blocks = blocks,
            Dateline = dateline,
            Authors = authors,
            RemovedBoilerplate = removed,
        };
    }

    /// <summary>
    /// One entry per paragraph: each non-empty line, or — for hard-wrapped text (blank-line separated
    /// blocks of short lines) — each block joined into one line.
    /// </summary>
    private static List<string> SplitIntoLines(string text)
    {
        var raw = text.Split('\n');
        var trimmed = raw.Select(l => TextCleaner.CleanInline(l)).ToList();
        var nonEmpty = trimmed.Count(l => l.Length > 0);
        if (nonEmpty == 0)
        {
            return [];
        }
        // A blank line between the first and the last non-blank one.
        var firstLine = trimmed.FindIndex(l => l.Length > 0);
        var lastLine = trimmed.FindLastIndex(l => l.Length > 0);
        var hasBlankSeparators = trimmed.FindIndex(firstLine, lastLine - firstLine + 1, l => l.Length == 0) >= 0;
        // Lines that sit in blocks of two or more: in wrapped text most lines do.
        var inMultiLineBlocks = 0;
        for (var i = 0; i < trimmed.Count; i++)
        {
            if (trimmed[i].Length > 0 && ((i > 0 && trimmed[i - 1].Length > 0) || (i + 1 < trimmed.Count && trimmed[i + 1].Length > 0)))
            {
                inMultiLineBlocks++;
            }
        }
        var maxLength = trimmed.Max(l => l.Length);
        var hardWrapped = hasBlankSeparators && maxLength <= 100 && inMultiLineBlocks * 2 >= nonEmpty;
        if (!hardWrapped)
        {
            return trimmed.Where(l => l.Length > 0).ToList();
        }

        var result = new List<string>();
        var current = new List<string>();
        foreach (var line in trimmed.Append(""))
        {
            // A list item or a lone short line inside a block still starts its own paragraph.
            if (line.Length == 0 || (current.Count > 0 && IsListItem(line)))
            {
                if (current.Count > 0)
                {
                    result.Add(string.Join(' ', current));
                    current.Clear();
                }
                if (line.Length == 0)
                {
                    continue;
                }
            }
            current.Add(line);
        }
        return result;
    }

    private static bool IsListItem(string line) =>
        line.Length > 1 && line[0] is '-' or '•' or '*' or '·' && char.IsWhiteSpace(line[1]);

    private static string? NextContentLine(List<string> lines, int i)
    {
        for (var j = i + 1; j < lines.Count; j++)
        {
            var candidate = lines[j];
            if (!Boilerplate.IsInlinePointer(candidate) && !Boilerplate.IsStandalone(candidate) && !Boilerplate.IsRelatedHeader(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>Consumes the headline lines after a "related" header; returns the index after the block.</summary>
    private static int ConsumeLinkList(List<string> lines, int start, List<string> removed)
    {
        var i = start;
        var bulleted = false;
        var taken = 0;
        while (i < lines.Count && taken < 12)
        {
            var line = lines[i];
            var isBullet = IsListItem(line) || (line.Length > 1 && line[0] is '–' or '—' or '►' or '▸' or '»' && char.IsWhiteSpace(line[1]));
            if (bulleted && !isBullet)
            {
                break;
            }
            if (!Boilerplate.IsLinkListItem(line, out var headline))
            {
                break;
            }
            // Without bullets, a headline-like line directly followed by prose is a section heading, not a link.
            if (!isBullet && taken > 0 && i + 1 < lines.Count && !Boilerplate.IsLinkListItem(lines[i + 1], out _))
            {
                break;
            }
            bulleted |= isBullet;
            removed.Add(headline);
            taken++;
            i++;
        }
        return i;
    }

    private static bool IsSectionHeading(string line, string next) =>
        Boilerplate.IsHeadlineLike(line) && TextCleaner.CountWords(line) <= MaxHeadingWords &&
        !line.EndsWith('?') && !line.EndsWith('!') && !Boilerplate.IsPublisherTag(line) &&
        // A heading introduces prose; two short lines in a row are more likely a list or verse.
        (TextCleaner.CountWords(next) > MaxHeadingWords || Boilerplate.EndsLikeSentence(next));

    [GeneratedRegex(@"^By\s+(?<names>[\p{Lu}][\p{L}'’.\-]+(?:\s+[\p{Lu}][\p{L}'’.\-]+){0,3}(?:\s*(?:,|and|&)\s*[\p{Lu}][\p{L}'’.\-]+(?:\s+[\p{Lu}][\p{L}'’.\-]+){0,3}){0,4})(?:\s*[,|\-–—]\s*.{0,60})?$",
        RegexOptions.CultureInvariant)]
    private static partial Regex BylineRegex();

    [GeneratedRegex(@"^(#{1,3})\s+(.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex MarkdownHeadingRegex();

    private static bool TryReadByline(string line, List<string> authors)
    {
        if (line.Length > 120)
        {
            return false;
        }
        var match = BylineRegex().Match(line);
        if (!match.Success)
        {
            return false;
        }
        foreach (var name in match.Groups["names"].Value.Split([",", " and ", "&"], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            authors.Add(name);
        }
        return true;
    }

    /// <summary>Removes publisher tags, credits and prompts that close the article.</summary>
    private static void StripTrailingTags(List<TextBlock> blocks, List<string> removed)
    {
        while (blocks.Count > 1)
        {
            var last = blocks[^1].Text;
            if (blocks[^1].Kind == BlockKind.Heading || Boilerplate.IsPublisherTag(last) || Boilerplate.IsCredit(last) || Boilerplate.IsStandalone(last))
            {
                if (blocks[^1].Kind != BlockKind.Heading)
                {
                    removed.Add(last);
                }
                blocks.RemoveAt(blocks.Count - 1);
                continue;
            }
            // A trailing tag on the same line as the last sentence: "… the plan. (YWN – NYC)"
            var tag = TrailingInlineTagRegex().Match(last);
            if (tag.Success && Boilerplate.IsPublisherTag(tag.Groups[1].Value))
            {
                removed.Add(tag.Groups[1].Value);
                blocks[^1] = blocks[^1] with { Text = last[..tag.Index].TrimEnd() };
            }
            break;
        }
    }

    [GeneratedRegex(@"(?<=[.!?""”’])\s+(\([^()]{2,118}\))$", RegexOptions.CultureInvariant)]
    private static partial Regex TrailingInlineTagRegex();

    // "WASHINGTON (Reuters) -", "GAZA CITY, Dec 19 (AP) —", "Washington D.C. –", "PARIS, France —"
    [GeneratedRegex(@"^(?<place>(?:[\p{Lu}][\p{L}'’.\-]*|D\.C\.)(?:[ ,]+(?:[\p{Lu}][\p{L}'’.\-]*|D\.C\.|de|del|al|el|la|le)){0,4}?)(?<date>,?\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:,\s*\d{4})?)?\s*(?<agency>\([^)]{1,40}\))?\s*(?<dash>[–—]|--|-|:)\s+(?=[\p{Lu}\p{N}""“‘'])",
        RegexOptions.CultureInvariant)]
    private static partial Regex DatelineRegex();

    /// <summary>Takes a dateline off the first paragraph and returns its place.</summary>
    private static string? ExtractDateline(List<TextBlock> blocks)
    {
        var first = blocks.FindIndex(b => b.Kind == BlockKind.Paragraph);
        if (first < 0)
        {
            return null;
        }
        var text = blocks[first].Text;
        var match = DatelineRegex().Match(text);
        if (!match.Success || match.Length > 80)
        {
            return null;
        }
        var place = match.Groups["place"].Value.Trim().TrimEnd(',');
        var allCaps = place.Any(char.IsLetter) && !place.Any(char.IsLower);
        var strongDash = match.Groups["dash"].Value is "–" or "—" or "--";
        var isDateline = allCaps || match.Groups["agency"].Success || match.Groups["date"].Success ||
                         (strongDash && place.Split(' ', ',').Count(w => w.Length > 0) <= 4) ||
                         (match.Groups["dash"].Value == "-" && place.Contains(','));
        if (!isDateline || match.Groups["dash"].Value == ":" && !allCaps)
        {
            return null;
        }
        var rest = text[match.Length..].TrimStart();
        if (TextCleaner.CountWords(rest) < 3)
        {
            return null;
        }
        blocks[first] = blocks[first] with { Text = rest };
        return place;
    }
}

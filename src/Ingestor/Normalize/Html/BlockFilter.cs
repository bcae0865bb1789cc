using System.Text.RegularExpressions;

namespace Ingestor.Normalize.Html;

/// <summary>
/// Last pass over the written blocks: drops what survives inside article containers but is not
/// article text: a repeated headline, link-only lines ("Read more: ..."), ad and promo labels,
/// photo credits, and, when the page's JSON-LD states the whole article body, blocks it does not contain.
/// </summary>
internal static partial class BlockFilter
{
    [GeneratedRegex(
        @"^(advertisement|advertisment|advertising|anzeige|publicité|publicidad|sponsored( content)?|" +
        @"(story|article) continues (below|after)( (this )?(ad|advertisement))?|continue reading( below| the main story)?|" +
        @"(read|see|watch) (more|also|next)|related( articles| stories| content| coverage| posts)?|recommended( for you)?|" +
        @"more (from|on|about) .{1,40}|most (popular|read|viewed)|trending( now)?|you (may|might) also like|" +
        @"share( this)?( article| story| post| page)?( on .{1,20})?|tweet( this)?|email( this)?|print( this)?( article| page)?|" +
        @"follow us( on .{1,30})?|sign up( for .{1,60})?|subscribe( (now|today|here))?|click here( to .{1,60})?|" +
        @"skip (to|the) .{1,20}|back to top|top of page|image( source| copyright| caption)?|play video|" +
        @"loading( video)?(\.\.\.|…)?|please enable javascript.{0,60}|log ?in|sign ?in|close|menu|search|" +
        @"view (comments|gallery)|comments?|\d+ comments?|leave a (comment|reply)|newsletter)[\s:.!…»›>|-]*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BoilerplateLine();

    [GeneratedRegex(
        @"^((photo|image|picture|foto|video)s?( credit)?|credit|source|illustration)\s*[:|/]|" +
        @"^\(?(photo|image)s?:? .{0,80}(getty|reuters|afp|ap photo|epa|shutterstock|alamy|istock|file)|" +
        @"^(getty images?|reuters|afp|ap|epa|shutterstock|alamy|istock(photo)?)( via .{1,40})?\.?$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CreditLine();

    [GeneratedRegex(
        @"^(?:(?:[Ww]ritten|[Pp]osted|[Rr]eported|[Ww]ords|[Ss]tory|[Tt]ext|[Pp]hotos?|[Vv]ideo)(?: and \w+)? )?(?:[Bb]y|BY):? +[\p{Lu}@][^.!?]{0,80}$|" +
        @"^(?:[Vv]on|[Pp]ar|[Pp]or|[Dd]i|[Dd]oor|[Aa]v|[Aa]f) +\p{Lu}[^.!?]{0,60}$",
        RegexOptions.CultureInvariant)]
    private static partial Regex BylineLine();

    private const string Month =
        @"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|" +
        @"januar|februar|märz|mai|juni|juli|oktober|dezember|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|" +
        @"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre)\.?";

    [GeneratedRegex(
        @"^(?:(?:published|updated|posted|last updated|first published|modified|created|date)\s*:?\s*(?:on\s+)?)?" +
        @"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?" +
        @"(?:\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}\.?\s+" + Month + @",?\s+\d{4}|" + Month + @"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})" +
        @"(?:,?\s*(?:at\s+)?\d{1,2}[:.h]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[a-z]{2,4})?)?" +
        @"(?:\s*[|/,•·-]\s*(?:updated|modified)?\s*:?.{0,40})?$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DateLine();

    // A date or time anywhere in a line: "Apr 16, 2015", "04.05.2015", "2015-05-04", "8:02 pm", "13h36".
    [GeneratedRegex(
        @"\b(?:" + Month + @"\s+\d{1,2}\b|\d{1,2}\.?\s+" + Month + @"|\d{1,2}[./]\d{1,2}[./]\d{2,4}\b|\d{4}-\d{2}-\d{2}\b|" +
        @"(?:\d{1,2}:|\d{2}h)\d{2}\s*(?:[ap]\.?m\.?|utc|gmt|[ecmp][sd]?t|bst|cet)?\b)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DateOrTime();

    [GeneratedRegex(
        @"^(©|\(c\)|copyright\b).{0,160}$|all rights reserved\.?$|" +
        @"^this (material|article|story) may not be (published|reproduced)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CopyrightLine();

    [GeneratedRegex(
        @"^(related|read more|read also|also read|see also|more|watch|listen|recommended|don'?t miss|must read|" +
        @"further reading|trending|popular|latest|more from [^:]{1,40}|more on [^:]{1,40}|click here|read|see|also|previously|next|up next)\s*[:\-–—|»›>]",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LinkLabel();

    public static List<TextBlock> Apply(List<WrittenBlock> blocks, string? title, string? jsonLdBody, ISet<string> removedLabels)
    {
        var kept = new List<WrittenBlock>(blocks.Count);
        for (var index = 0; index < blocks.Count; index++)
        {
            var block = blocks[index];
            if (TitleRules.SameAsTitle(block.Text, title) && (block.Kind == BlockKind.Heading || index < 3))
            {
                continue;
            }
            if (block.Kind == BlockKind.Paragraph && Reject(block) is { } label)
            {
                removedLabels.Add(label);
                continue;
            }
            kept.Add(block);
        }
        // Link lists after the last paragraph of prose are related-story lists inside the article container.
        var end = kept.Count;
        while (end > 0 && (kept[end - 1].LinkDensity > 0.6f || kept[end - 1].Kind == BlockKind.Heading) && kept[end - 1].Text.Length < 200)
        {
            end--;
        }
        if (end < kept.Count && end > 0)
        {
            kept.RemoveRange(end, kept.Count - end);
            removedLabels.Add("links");
        }
        if (jsonLdBody is { Length: > 0 })
        {
            kept = AgreeWithStatedBody(kept, jsonLdBody, removedLabels);
        }
        if (!kept.Exists(b => b.Kind == BlockKind.Paragraph))
        {
            // An article of headings only (sections whose content is pictures): the headings are all the text it has.
            return kept.Select(b => new TextBlock(BlockKind.Paragraph, b.Text)).ToList();
        }
        // A heading with no text under it headed a block that was removed ("Related topics").
        kept = kept.Where((b, i) => b.Kind != BlockKind.Heading || (i + 1 < kept.Count && kept[i + 1].Kind == BlockKind.Paragraph)).ToList();
        return kept.Select(b => new TextBlock(b.Kind, b.Text)).ToList();
    }

    private static string? Reject(WrittenBlock block)
    {
        var text = block.Text;
        if (block.IsCaption)
        {
            // Captions and credits describe the pictures, they are not article text.
            return "caption";
        }
        if (text.Length <= 80 && BoilerplateLine().IsMatch(text))
        {
            return "promo";
        }
        if (block.LinkDensity > 0.5f && text.Length < 300 && LinkLabel().IsMatch(text))
        {
            return "links";
        }
        if (text.Length <= 100 && BylineLine().IsMatch(text))
        {
            return "byline";
        }
        if (text.Length <= 80 && DateLine().IsMatch(text))
        {
            return "dateline";
        }
        if (IsMetadataLine(text))
        {
            return "dateline";
        }
        if (text.Length <= 200 && CopyrightLine().IsMatch(text))
        {
            return "copyright";
        }
        if (text.Length <= 150 && CreditLine().IsMatch(text))
        {
            return "credit";
        }
        return null;
    }

    /// <summary>
    /// "Dan Smith - Apr 16, 2015 8:02 pm UTC", "Le Monde | 04.05.2015 à 13h36 • Mis à jour…": a short line that
    /// states a date or time and is not a sentence (no closing punctuation, separators between its parts).
    /// </summary>
    private static bool IsMetadataLine(string text)
    {
        if (text.Length > 160 || text[^1] is '.' or '!' or '?' or '"' or '\u201D' or ':' or ';' || !DateOrTime().IsMatch(text))
        {
            return false;
        }
        var words = TextCleaner.CountWords(text);
        var separators = text.Count(c => c is '|' or '•' or '·' or '—' or '–' or '-' or '/');
        return words <= 25 && (separators > 0 || words <= 8);
    }

    /// <summary>
    /// A page whose JSON-LD articleBody covers nearly all the extracted text states its own body:
    /// blocks it does not contain are page furniture that slipped through.
    /// </summary>
    private static List<WrittenBlock> AgreeWithStatedBody(List<WrittenBlock> blocks, string statedBody, ISet<string> removedLabels)
    {
        var stated = Shingles(statedBody);
        var statedWords = TextCleaner.CountWords(statedBody);
        if (statedWords < 50)
        {
            return blocks;
        }
        var total = 0;
        var shared = 0;
        var perBlock = new (int Shared, int Total)[blocks.Count];
        for (var i = 0; i < blocks.Count; i++)
        {
            if (blocks[i].Kind != BlockKind.Paragraph)
            {
                continue;
            }
            var own = Shingles(blocks[i].Text);
            var found = own.Count(stated.Contains);
            perBlock[i] = (found, own.Count);
            total += own.Count;
            shared += found;
        }
        // Only a stated body that is the whole article (not a teaser) and that agrees with the page is trusted.
        var extractedWords = blocks.Where(b => b.Kind == BlockKind.Paragraph).Sum(b => TextCleaner.CountWords(b.Text));
        if (total == 0 || shared < 0.7 * total || statedWords < 0.7 * extractedWords)
        {
            return blocks;
        }
        var kept = new List<WrittenBlock>(blocks.Count);
        for (var i = 0; i < blocks.Count; i++)
        {
            var (found, count) = perBlock[i];
            if (blocks[i].Kind == BlockKind.Paragraph && count > 0 && found * 4 < count)
            {
                removedLabels.Add("not-in-article-body");
                continue;
            }
            kept.Add(blocks[i]);
        }
        return kept;
    }

    /// <summary>
    /// The JSON-LD articleBody as blocks when the page's visible text missed the article: the stated
    /// body is long and the extracted paragraphs hold less than half of it (scripts render the text,
    /// or the scorer picked a gallery). Null when the page text stands.
    /// </summary>
    public static List<TextBlock>? StatedBodyInstead(List<TextBlock> blocks, string? statedBody)
    {
        if (statedBody is null || statedBody.Length < 500)
        {
            return null;
        }
        var text = TextCleaner.CleanMultiline(System.Net.WebUtility.HtmlDecode(MarkupTag().Replace(statedBody, "\n")));
        var stated = Shingles(text);
        var extracted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var block in blocks)
        {
            if (block.Kind == BlockKind.Paragraph)
            {
                extracted.UnionWith(Shingles(block.Text));
            }
        }
        var covered = stated.Count(extracted.Contains);
        if (TextCleaner.CountWords(text) < 80 || covered * 2 >= stated.Count)
        {
            return null;
        }
        var paragraphs = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => TextCleaner.CleanInline(p))
            .Where(p => p.Length > 0)
            .Select(p => new TextBlock(BlockKind.Paragraph, p))
            .ToList();
        return paragraphs.Count > 0 ? paragraphs : null;
    }

    [GeneratedRegex(@"<[^>]{1,300}>", RegexOptions.CultureInvariant)]
    private static partial Regex MarkupTag();

    /// <summary>Lower-cased word trigrams (none for texts under three words).</summary>
    private static HashSet<string> Shingles(string text)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var isWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (isWord && start < 0)
            {
                start = i;
            }
            else if (!isWord && start >= 0)
            {
                words.Add(text[start..i].ToLowerInvariant());
                start = -1;
            }
        }
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 2 < words.Count; i++)
        {
            set.Add(words[i] + " " + words[i + 1] + " " + words[i + 2]);
        }
        return set;
    }
}

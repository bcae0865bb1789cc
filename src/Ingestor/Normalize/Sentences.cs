namespace Ingestor.Normalize;

/// <summary>A light sentence boundary finder for titles and leads (the tagger has its own splitter).</summary>
public static class Sentences
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "gen", "col", "lt", "sgt", "capt", "gov", "sen", "rep",
        "pres", "rev", "hon", "sheikh", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
        "dec", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "inc", "corp", "ltd", "co", "no", "vs", "etc", "approx",
        "dept", "est", "fig", "u.s", "u.k", "u.n", "e.g", "i.e", "a.m", "p.m", "d.c",
    };

    /// <summary>The first sentence of a paragraph (the whole paragraph when it has one sentence).</summary>
    public static string First(string paragraph)
    {
        for (var i = 0; i < paragraph.Length; i++)
        {
            var c = paragraph[i];
            if (c is not ('.' or '!' or '?'))
            {
                continue;
            }
            var end = i + 1;
            while (end < paragraph.Length && paragraph[end] is '"' or '\'' or '\u201D' or '\u2019' or ')')
            {
                end++;
            }
            if (end >= paragraph.Length)
            {
                return paragraph;
            }
            if (!char.IsWhiteSpace(paragraph[end]))
            {
                continue;
            }
            var next = end + 1;
            while (next < paragraph.Length && char.IsWhiteSpace(paragraph[next]))
            {
                next++;
            }
            if (next >= paragraph.Length)
            {
                return paragraph[..end];
            }
            var following = paragraph[next];
            if (!(char.IsUpper(following) || char.IsDigit(following) || following is '"' or '\u201C' or '\'' or '\u2018' or '('))
            {
                continue;
            }
            if (c == '.' && IsAbbreviation(paragraph, i))
            {
                continue;
            }
            return paragraph[..end];
        }
        return paragraph;
    }

    private static bool IsAbbreviation(string text, int dot)
    {
        var start = dot;
        while (start > 0 && (char.IsLetter(text[start - 1]) || text[start - 1] == '.'))
        {
            start--;
        }
        var word = text[start..dot];
        if (word.Length == 0)
        {
            return false;
        }
        // Single capital letters are initials ("Donald J. Trump").
        return (word.Length == 1 && char.IsUpper(word[0])) || Abbreviations.Contains(word);
    }
}

namespace Ingestor.Enrich.Entities;

/// <summary>
/// Splits text into name segments for gazetteer matching: word tokens, further split at inner
/// hyphens and apostrophes ("al-Thani" → al|Thani, "Trump’s" → Trump|s) so a name can end inside a token.
/// </summary>
public static class NameSegments
{
    /// <summary>A segment: its span in the text and whether it ends the token it belongs to.</summary>
    public readonly record struct Segment(int Start, int End, bool EndsToken, bool StartsToken);

    public static List<Segment> Scan(string text)
    {
        var segments = new List<Segment>(text.Length / 5);
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetterOrDigit(text[i]))
            {
                i++;
                continue;
            }
            // A token: letters/digits joined by '.', '-', apostrophes when another letter or digit follows.
            var tokenStart = i;
            var tokenEnd = i;
            while (tokenEnd < text.Length)
            {
                var c = text[tokenEnd];
                if (char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark)
                {
                    tokenEnd++;
                }
                else if (c is '.' or '-' or '\'' or '’' or '‐' && tokenEnd + 1 < text.Length && char.IsLetterOrDigit(text[tokenEnd + 1]))
                {
                    tokenEnd++;
                }
                else
                {
                    break;
                }
            }
            // Keep the closing dot of dotted abbreviations ("U.S.") inside the token.
            if (tokenEnd < text.Length && text[tokenEnd] == '.' && tokenEnd - tokenStart >= 3 && text[tokenEnd - 2] == '.')
            {
                tokenEnd++;
            }
            var segmentStart = tokenStart;
            for (var j = tokenStart; j <= tokenEnd; j++)
            {
                if (j == tokenEnd || text[j] is '-' or '\'' or '’' or '‐')
                {
                    if (j > segmentStart)
                    {
                        segments.Add(new Segment(segmentStart, j, j == tokenEnd, segmentStart == tokenStart));
                    }
                    segmentStart = j + 1;
                }
            }
            i = tokenEnd;
        }
        return segments;
    }
}

using System.Buffers;
using System.Runtime.CompilerServices;

namespace Ingestor.Normalize.Language;

/// <summary>One word found by <see cref="WordScanner"/>; its normalized text is in the caller's buffer.</summary>
/// <param name="Length">Characters written to the buffer, a trailing elision apostrophe included.</param>
/// <param name="StemLength">Length without that apostrophe: the part the trigram profile sees.</param>
/// <param name="Letters">Letters in the word (combining marks not counted).</param>
/// <param name="Uppers">Upper-case letters among them.</param>
/// <param name="Capitalized">Whether the first letter is upper case.</param>
/// <param name="Script">Script of the first letter.</param>
/// <param name="SentenceInitial">Whether the word opens a sentence, headline or paragraph.</param>
/// <param name="InQuote">Whether the word stands inside quotation marks.</param>
/// <param name="TooLong">Longer than <see cref="WordScanner.MaxWordLength"/>: not a word worth scoring.</param>
/// <param name="Hash">Hash of the normalized text (<see cref="WordScanner.Hash"/>), computed while it was written.</param>
internal readonly record struct ScannedWord(
    int Length,
    int StemLength,
    int Letters,
    int Uppers,
    bool Capitalized,
    Script Script,
    bool SentenceInitial,
    bool InQuote,
    bool TooLong,
    uint Hash)
{
    public bool AllCaps => Letters >= 2 && Uppers == Letters;
}

/// <summary>
/// Splits text into words without allocating: skips URLs and e-mail addresses, lower-cases into the
/// caller's buffer, splits elisions after the apostrophe (l'|économie, don'|t, Ankara'|da) and records
/// what news text needs to discount proper nouns and quotations: capitals, sentence starts, quote state.
/// </summary>
internal ref struct WordScanner
{
    public const int MaxWordLength = 32;

    private readonly ReadOnlySpan<char> text;
    private int pos;
    private int chunkEnd;
    private bool sentenceStart;
    private bool inQuote;

    public WordScanner(ReadOnlySpan<char> text)
    {
        this.text = text;
        sentenceStart = true;
    }

    public bool Next(scoped Span<char> buffer, out ScannedWord word)
    {
        while (true)
        {
            if (pos >= chunkEnd && !NextChunk())
            {
                word = default;
                return false;
            }
            var c = text[pos];
            var info = CharClass.Of(c);
            if (info == 0 || (info & CharClass.Mark) != 0)
            {
                OnPunctuation(c);
                pos++;
                continue;
            }
            word = ReadWord(buffer);
            return true;
        }
    }

    /// <summary>Normalization shared by the scanner and the profile builder, so table keys match text.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static char Fold(char c) => c < 0x80 ? (char)(c is >= 'A' and <= 'Z' ? c | 0x20 : c) : FoldNonAscii(c);

    private static char FoldNonAscii(char c) =>
        c switch
        {
            '\u0130' => 'i', // Turkish dotted capital I
            '\u015E' or '\u015F' => '\u0219', // s-cedilla written for Romanian s-comma: one letter for both languages
            '\u0162' or '\u0163' => '\u021B', // t-cedilla for t-comma
            _ => char.ToLowerInvariant(c),
        };

    private ScannedWord ReadWord(scoped Span<char> buffer)
    {
        var initial = sentenceStart;
        sentenceStart = false;
        var length = 0;
        var letters = 0;
        var uppers = 0;
        var capitalized = false;
        var script = Script.None;
        var elided = false;
        var hash = HashSeed;
        while (pos < chunkEnd)
        {
            var c = text[pos];
            var info = CharClass.Of(c);
            if (info == 0)
            {
                if (letters > 0 && pos + 1 < chunkEnd && IsLetter(text[pos + 1]))
                {
                    if (CharClass.IsApostrophe(c))
                    {
                        if (length < buffer.Length)
                        {
                            buffer[length] = '\'';
                        }
                        hash = HashStep(hash, '\'');
                        length++;
                        pos++;
                        elided = true;
                        break;
                    }
                    if (c == '\u00B7' && script == Script.Latin)
                    {
                        // Catalan l·l keeps its middle dot inside the word.
                        if (length < buffer.Length)
                        {
                            buffer[length] = c;
                        }
                        hash = HashStep(hash, c);
                        length++;
                        pos++;
                        continue;
                    }
                }
                break;
            }
            pos++;
            if ((info & CharClass.Mark) != 0)
            {
                continue;
            }
            if (letters == 0)
            {
                script = CharClass.ScriptOf(info);
                capitalized = (info & CharClass.Upper) != 0;
            }
            letters++;
            if ((info & CharClass.Upper) != 0)
            {
                uppers++;
            }
            var folded = Fold(c);
            if (length < buffer.Length)
            {
                buffer[length] = folded;
            }
            hash = HashStep(hash, folded);
            length++;
        }
        var tooLong = length > buffer.Length || length > MaxWordLength;
        return new ScannedWord(length, elided ? length - 1 : length, letters, uppers, capitalized, script, initial, inQuote, tooLong, hash);
    }

    private const uint HashSeed = 2166136261;

    /// <summary>FNV-1a over UTF-16 units: what the scanner computes while writing a word, and word tables key on.</summary>
    public static uint Hash(ReadOnlySpan<char> word)
    {
        var hash = HashSeed;
        foreach (var c in word)
        {
            hash = HashStep(hash, c);
        }
        return hash;
    }

    private static uint HashStep(uint hash, char c) => (hash ^ c) * 16777619;

    private static bool IsLetter(char c)
    {
        var info = CharClass.Of(c);
        return info != 0 && (info & CharClass.Mark) == 0;
    }

    private void OnPunctuation(char c)
    {
        switch (c)
        {
            case '.' or '!' or '?' or ':' or '\u2026':
                sentenceStart = true;
                break;
            case '"' or '\u201C' or '\u201D' or '\u00AB' or '\u00BB':
                // Straight and curly quotes open in one language and close in another: toggling fits them all.
                inQuote = !inQuote;
                break;
            case '\u201E':
                inQuote = true; // „ only ever opens (German, Polish, Romanian)
                break;
            default:
                break;
        }
    }

    private bool NextChunk()
    {
        while (true)
        {
            while (pos < text.Length && IsSpace(text[pos]))
            {
                if (text[pos] is '\n' or '\r')
                {
                    sentenceStart = true; // a headline or paragraph ends at a line break
                }
                pos++;
            }
            if (pos >= text.Length)
            {
                return false;
            }
            var end = ChunkEnd(text, pos);
            if (IsAddress(text[pos..end]))
            {
                pos = end;
                continue;
            }
            chunkEnd = end;
            return true;
        }
    }

    /// <summary>
    /// Whitespace that ends a chunk. ASCII only, which keeps the search on its fastest vectorized path;
    /// other spaces (no-break, thin, ideographic) still separate words, just not chunks.
    /// </summary>
    private static readonly SearchValues<char> Spaces = SearchValues.Create("\t\n\v\f\r ");

    public static bool IsSpace(char c) => c <= ' ' || c == '\u00A0' || (c > 0x7F && char.IsWhiteSpace(c));

    /// <summary>Where the chunk starting at <paramref name="start"/> ends: the next whitespace, found with a vectorized search.</summary>
    public static int ChunkEnd(ReadOnlySpan<char> text, int start)
    {
        var length = text[start..].IndexOfAny(Spaces);
        return length < 0 ? text.Length : start + length;
    }

    /// <summary>URLs, domains and e-mail addresses say nothing about the language of the text around them.</summary>
    public static bool IsAddress(ReadOnlySpan<char> chunk)
    {
        if (chunk.Length < 4)
        {
            return false;
        }
        // One vectorized search rejects ordinary words; only chunks with '@' or '/' look further.
        return chunk.IndexOfAny('@', '/') >= 0
            ? chunk.Contains('@') || chunk.Contains("://", StringComparison.Ordinal)
            : (chunk[0] | 0x20) == 'w' && chunk.StartsWith("www.", StringComparison.OrdinalIgnoreCase);
    }
}

using System.Globalization;

namespace Ingestor.Normalize.Language;

/// <summary>Writing systems the detector tells apart before it looks at words.</summary>
internal enum Script : byte
{
    None = 0,
    Latin,
    Cyrillic,
    Greek,
    Arabic,
    Hebrew,
    Han,
    Kana,
    Hangul,
    Thai,
    Devanagari,
    Bengali,
    Tamil,
    Armenian,
    Georgian,
    OtherLetters,
}

/// <summary>
/// One byte per UTF-16 code unit: the script in the low five bits plus word-character flags, so the
/// hot loops classify a character with a single array read instead of Unicode category calls.
/// </summary>
internal static class CharClass
{
    public const int ScriptMask = 0x1F;
    /// <summary>Combining mark (or tatweel): continues a word but is not a letter of its own.</summary>
    public const byte Mark = 0x20;
    public const byte Upper = 0x40;
    public const byte Lower = 0x80;

    public const int ScriptCount = (int)Script.OtherLetters + 1;

    private static readonly byte[] Table = Build();

    public static byte Of(char c) => Table[c];

    public static Script ScriptOf(byte info) => (Script)(info & ScriptMask);

    public static bool IsApostrophe(char c) => c is '\'' or '\u2019' or '\u02BC';

    private static byte[] Build()
    {
        var table = new byte[char.MaxValue + 1];
        for (var i = 0; i <= char.MaxValue; i++)
        {
            var c = (char)i;
            if (char.IsSurrogate(c))
            {
                // Supplementary CJK ideographs (planes 2 and 3) count as one Han letter each; emoji and the rest stay separators.
                table[i] = i is >= 0xD840 and <= 0xD88F ? (byte)Script.Han : (byte)0;
                continue;
            }
            if (c == '\u02BC')
            {
                continue; // modifier-letter apostrophe (Ukrainian): treated like ' by the tokenizer
            }
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            switch (category)
            {
                case UnicodeCategory.UppercaseLetter:
                case UnicodeCategory.TitlecaseLetter:
                    table[i] = (byte)((byte)ScriptByRange(i) | Upper);
                    break;
                case UnicodeCategory.LowercaseLetter:
                    table[i] = (byte)((byte)ScriptByRange(i) | Lower);
                    break;
                case UnicodeCategory.OtherLetter:
                case UnicodeCategory.ModifierLetter:
                    table[i] = i == 0x0640 ? (byte)((byte)Script.Arabic | Mark) : (byte)ScriptByRange(i);
                    break;
                case UnicodeCategory.NonSpacingMark:
                case UnicodeCategory.SpacingCombiningMark:
                    table[i] = (byte)((byte)ScriptByRange(i) | Mark);
                    break;
                default:
                    break;
            }
        }
        return table;
    }

    private static Script ScriptByRange(int c) => c switch
    {
        < 0x0250 => Script.Latin,
        < 0x02B0 => Script.Latin, // IPA extensions
        < 0x0370 => Script.OtherLetters, // spacing modifiers, combining diacritics
        < 0x0400 => Script.Greek,
        < 0x0530 => Script.Cyrillic,
        < 0x0590 => Script.Armenian,
        < 0x0600 => Script.Hebrew,
        < 0x0700 => Script.Arabic,
        >= 0x0750 and < 0x0780 => Script.Arabic,
        >= 0x08A0 and < 0x0900 => Script.Arabic,
        >= 0x0900 and < 0x0980 => Script.Devanagari,
        >= 0x0980 and < 0x0A00 => Script.Bengali,
        >= 0x0B80 and < 0x0C00 => Script.Tamil,
        >= 0x0E00 and < 0x0E80 => Script.Thai,
        >= 0x10A0 and < 0x1100 => Script.Georgian,
        >= 0x1100 and < 0x1200 => Script.Hangul,
        >= 0x1C90 and < 0x1CC0 => Script.Georgian,
        >= 0x1E00 and < 0x1F00 => Script.Latin,
        >= 0x1F00 and < 0x2000 => Script.Greek,
        >= 0x2C60 and < 0x2C80 => Script.Latin,
        >= 0x2D00 and < 0x2D30 => Script.Georgian,
        >= 0x3040 and < 0x3100 => Script.Kana,
        >= 0x3130 and < 0x3190 => Script.Hangul,
        >= 0x31F0 and < 0x3200 => Script.Kana,
        >= 0x3400 and < 0x4DC0 => Script.Han,
        >= 0x4E00 and < 0xA000 => Script.Han,
        >= 0xA720 and < 0xA800 => Script.Latin,
        >= 0xAC00 and < 0xD7B0 => Script.Hangul,
        >= 0xF900 and < 0xFB00 => Script.Han,
        >= 0xFB1D and < 0xFB50 => Script.Hebrew,
        >= 0xFB50 and < 0xFE00 => Script.Arabic,
        >= 0xFE70 and < 0xFF00 => Script.Arabic,
        >= 0xFF21 and < 0xFF5B => Script.Latin,
        >= 0xFF66 and < 0xFFA0 => Script.Kana,
        >= 0xFFA0 and < 0xFFE0 => Script.Hangul,
        _ => Script.OtherLetters,
    };
}

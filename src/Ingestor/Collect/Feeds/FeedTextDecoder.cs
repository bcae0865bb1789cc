using System.Collections.Concurrent;
using System.Text;
using System.Text.Unicode;

namespace Ingestor.Collect.Feeds;

/// <summary>
/// Turns a feed's bytes into text. Order of authority: a byte order mark, then the HTTP charset, then the
/// XML declaration, then UTF-8; each candidate must decode the bytes without error or the next is tried,
/// and windows-1252 (which cannot fail) is the last resort. Every fallback is reported.
/// </summary>
internal static class FeedTextDecoder
{
    private static readonly ConcurrentDictionary<string, Encoding?> Resolved = new(StringComparer.Ordinal);
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // Registering the code-page provider costs start-up time; only documents in a legacy charset need it.
    private static readonly Lazy<bool> CodePages = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return true;
    });

    private enum Family
    {
        AsciiCompatible,
        Utf16Le,
        Utf16Be,
        Utf32Le,
        Utf32Be,
        Ebcdic,
    }

    public static string Decode(ReadOnlySpan<byte> data, string? contentType, FeedErrors errors, out string encodingName)
    {
        var httpCharset = CharsetOf(contentType);
        var (bomEncoding, bomLength) = DetectBom(data);
        var body = data[bomLength..];

        if (bomEncoding is not null)
        {
            var declaredWithBom = httpCharset ?? ReadDeclaredEncoding(body, FamilyOf(bomEncoding));
            if (declaredWithBom is not null && Resolve(declaredWithBom) is { } other && !SameFamily(other, bomEncoding))
            {
                errors.Add($"the byte order mark says {bomEncoding.WebName} but the document is labelled '{declaredWithBom}'; the byte order mark wins");
            }
            if (TryDecode(body, bomEncoding, out var text))
            {
                encodingName = bomEncoding.WebName;
                return text;
            }
            errors.Add($"bytes are not valid {bomEncoding.WebName} despite the byte order mark");
            return Fallback(body, errors, out encodingName);
        }

        var family = SniffFamily(body);
        var declared = ReadDeclaredEncoding(body, family);
        var tried = new List<string>(4);

        foreach (var (label, origin) in Candidates(httpCharset, declared))
        {
            var encoding = Resolve(label);
            if (encoding is null)
            {
                errors.AddOnce("charset:" + label, $"unknown character encoding '{label}' ({origin})");
                continue;
            }
            if (!FitsFamily(encoding, family))
            {
                errors.Add($"the {origin} says '{label}' but the bytes are {DescribeFamily(family)}");
                continue;
            }
            if (tried.Contains(encoding.WebName))
            {
                continue;
            }
            tried.Add(encoding.WebName);
            if (TryDecode(body, encoding, out var text))
            {
                encodingName = encoding.WebName;
                return text;
            }
            errors.Add($"bytes are not valid {encoding.WebName} (the {origin}'s encoding)");
        }

        var familyDefault = family switch
        {
            Family.Utf16Le => Encoding.Unicode,
            Family.Utf16Be => Encoding.BigEndianUnicode,
            Family.Utf32Le => Encoding.UTF32,
            Family.Utf32Be => new UTF32Encoding(bigEndian: true, byteOrderMark: false),
            Family.Ebcdic => Resolve("ibm037"),
            _ => null,
        };
        if (familyDefault is not null && TryDecode(body, familyDefault, out var familyText))
        {
            encodingName = familyDefault.WebName;
            return familyText;
        }
        if (!tried.Contains("utf-8") && TryDecode(body, StrictUtf8, out var utf8))
        {
            if (tried.Count > 0)
            {
                errors.Add("decoded as utf-8 instead");
            }
            encodingName = "utf-8";
            return utf8;
        }
        return Fallback(body, errors, out encodingName);
    }

    private static IEnumerable<(string Label, string Origin)> Candidates(string? httpCharset, string? declared)
    {
        if (httpCharset is not null)
        {
            yield return (httpCharset, "HTTP Content-Type");
        }
        if (declared is not null)
        {
            yield return (declared, "XML declaration");
        }
    }

    private static string Fallback(ReadOnlySpan<byte> body, FeedErrors errors, out string encodingName)
    {
        var cp1252 = Resolve("windows-1252")!;
        errors.Add("no declared encoding fits the bytes; decoded as windows-1252");
        encodingName = cp1252.WebName;
        return cp1252.GetString(body);
    }

    /// <summary>The charset parameter of a Content-Type value, unquoted; null when absent or empty.</summary>
    internal static string? CharsetOf(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return null;
        }
        var at = contentType.IndexOf("charset", StringComparison.OrdinalIgnoreCase);
        while (at >= 0)
        {
            var i = at + "charset".Length;
            var before = at == 0 ? ';' : contentType[at - 1];
            while (i < contentType.Length && contentType[i] is ' ' or '\t')
            {
                i++;
            }
            if ((before is ';' or ' ' or '\t') && i < contentType.Length && contentType[i] == '=')
            {
                i++;
                while (i < contentType.Length && contentType[i] is ' ' or '\t' or '"' or '\'')
                {
                    i++;
                }
                var end = i;
                while (end < contentType.Length && contentType[end] is not (';' or '"' or '\'' or ' ' or '\t' or ','))
                {
                    end++;
                }
                var value = contentType[i..end];
                return value.Length == 0 ? null : value;
            }
            at = contentType.IndexOf("charset", at + 1, StringComparison.OrdinalIgnoreCase);
        }
        return null;
    }

    private static (Encoding? Encoding, int Length) DetectBom(ReadOnlySpan<byte> data)
    {
        if (data.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
        {
            return (new UTF32Encoding(bigEndian: true, byteOrderMark: false, throwOnInvalidCharacters: true), 4);
        }
        if (data.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]))
        {
            return (new UTF32Encoding(bigEndian: false, byteOrderMark: false, throwOnInvalidCharacters: true), 4);
        }
        if (data.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return (StrictUtf8, 3);
        }
        if (data.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return (new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true), 2);
        }
        if (data.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return (new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true), 2);
        }
        return (null, 0);
    }

    private static Family SniffFamily(ReadOnlySpan<byte> data)
    {
        // Skip leading whitespace in the family's own encoding is not possible before knowing it, so look at the
        // first non-NUL pattern: '<' (0x3C) or whitespace next to NUL bytes gives the UTF-16/32 byte order away.
        if (data.Length >= 4)
        {
            if (data[0] == 0 && data[1] == 0 && data[2] == 0 && data[3] != 0)
            {
                return Family.Utf32Be;
            }
            if (data[0] != 0 && data[1] == 0 && data[2] == 0 && data[3] == 0)
            {
                return Family.Utf32Le;
            }
            if (data[0] == 0x4C && data[1] == 0x6F && data[2] == 0xA7 && data[3] == 0x94)
            {
                return Family.Ebcdic;
            }
        }
        if (data.Length >= 2)
        {
            if (data[0] == 0 && data[1] != 0)
            {
                return Family.Utf16Be;
            }
            if (data[0] != 0 && data[1] == 0)
            {
                return Family.Utf16Le;
            }
        }
        return Family.AsciiCompatible;
    }

    private static Family FamilyOf(Encoding encoding) => encoding switch
    {
        UnicodeEncoding => encoding.GetPreamble() is [0xFE, 0xFF] || encoding.WebName == "utf-16BE" ? Family.Utf16Be : Family.Utf16Le,
        UTF32Encoding => encoding.WebName == "utf-32BE" ? Family.Utf32Be : Family.Utf32Le,
        _ => Family.AsciiCompatible,
    };

    private static bool SameFamily(Encoding declared, Encoding bom) =>
        declared.CodePage == bom.CodePage
        || (declared is UnicodeEncoding && bom is UnicodeEncoding)
        || (declared is UTF32Encoding && bom is UTF32Encoding);

    private static bool FitsFamily(Encoding encoding, Family family) => family switch
    {
        Family.Utf16Le or Family.Utf16Be => encoding is UnicodeEncoding,
        Family.Utf32Le or Family.Utf32Be => encoding is UTF32Encoding,
        Family.Ebcdic => !IsAsciiCompatible(encoding) && encoding is not UnicodeEncoding and not UTF32Encoding,
        _ => IsAsciiCompatible(encoding),
    };

    private static bool IsAsciiCompatible(Encoding encoding)
    {
        if (encoding is UnicodeEncoding or UTF32Encoding)
        {
            return false;
        }
        try
        {
            var bytes = encoding.GetBytes("<?xml");
            return bytes.AsSpan().SequenceEqual("<?xml"u8);
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }

    private static string DescribeFamily(Family family) => family switch
    {
        Family.Utf16Le => "UTF-16 (little endian)",
        Family.Utf16Be => "UTF-16 (big endian)",
        Family.Utf32Le => "UTF-32 (little endian)",
        Family.Utf32Be => "UTF-32 (big endian)",
        Family.Ebcdic => "EBCDIC",
        _ => "ASCII-compatible",
    };

    /// <summary>The encoding named in the XML declaration, read in the byte family sniffed from the first bytes.</summary>
    private static string? ReadDeclaredEncoding(ReadOnlySpan<byte> body, Family family)
    {
        var head = body[..Math.Min(body.Length, 1024)];
        string text;
        switch (family)
        {
            case Family.Utf16Le: text = Encoding.Unicode.GetString(head[..(head.Length & ~1)]); break;
            case Family.Utf16Be: text = Encoding.BigEndianUnicode.GetString(head[..(head.Length & ~1)]); break;
            case Family.Utf32Le: text = Encoding.UTF32.GetString(head[..(head.Length & ~3)]); break;
            case Family.Utf32Be: text = new UTF32Encoding(true, false).GetString(head[..(head.Length & ~3)]); break;
            case Family.Ebcdic: text = Resolve("ibm037")!.GetString(head); break;
            default: text = Encoding.Latin1.GetString(head); break;
        }
        var start = text.AsSpan().TrimStart();
        if (!start.StartsWith("<?xml", StringComparison.Ordinal))
        {
            return null;
        }
        var end = start.IndexOf("?>", StringComparison.Ordinal);
        var declaration = end < 0 ? start : start[..end];
        var at = declaration.IndexOf("encoding", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }
        var rest = declaration[(at + "encoding".Length)..].TrimStart();
        if (rest.IsEmpty || rest[0] != '=')
        {
            return null;
        }
        rest = rest[1..].TrimStart();
        if (rest.IsEmpty || rest[0] is not ('"' or '\''))
        {
            return null;
        }
        var quote = rest[0];
        rest = rest[1..];
        var close = rest.IndexOf(quote);
        var value = (close < 0 ? rest : rest[..close]).Trim();
        return value.IsEmpty ? null : value.ToString();
    }

    private static bool TryDecode(ReadOnlySpan<byte> body, Encoding encoding, out string text)
    {
        if (encoding.CodePage == 65001)
        {
            if (Utf8.IsValid(body))
            {
                text = Encoding.UTF8.GetString(body);
                return true;
            }
            // A truncated download may end inside a character: that alone does not make the document non-UTF-8.
            var whole = TrimIncompleteUtf8Tail(body);
            if (whole.Length < body.Length && Utf8.IsValid(whole))
            {
                text = Encoding.UTF8.GetString(whole);
                return true;
            }
            text = "";
            return false;
        }
        if (encoding is UnicodeEncoding && (body.Length & 1) == 1)
        {
            body = body[..^1];
        }
        else if (encoding is UTF32Encoding && (body.Length & 3) != 0)
        {
            body = body[..(body.Length & ~3)];
        }
        if (encoding is SingleByteEncoding)
        {
            text = encoding.GetString(body);
            return true;
        }
        try
        {
            var strict = encoding.DecoderFallback is DecoderExceptionFallback
                ? encoding
                : Encoding.GetEncoding(encoding.CodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
            text = strict.GetString(body);
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = "";
            return false;
        }
    }

    private static ReadOnlySpan<byte> TrimIncompleteUtf8Tail(ReadOnlySpan<byte> body)
    {
        for (var back = 1; back <= 3 && back <= body.Length; back++)
        {
            var b = body[^back];
            if ((b & 0xC0) == 0x80)
            {
                continue;
            }
            var needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return needed > back ? body[..^back] : body;
        }
        return body;
    }

    /// <summary>Finds the encoding for a charset label, accepting the many spellings feeds and Python-era tools use.</summary>
    internal static Encoding? Resolve(string label)
    {
        var key = Normalize(label);
        if (key.Length == 0)
        {
            return null;
        }
        return Resolved.GetOrAdd(key, static k => Lookup(k));
    }

    private static string Normalize(string label) =>
        label.Trim().Trim('"', '\'').Trim().ToLowerInvariant().Replace('_', '-');

    private static Encoding? Lookup(string key)
    {
        switch (key)
        {
            case "cp1125" or "1125" or "ibm1125" or "cp866u" or "ruscii":
                return SingleByteEncoding.Cp1125;
            case "cp856" or "856" or "ibm856":
                return SingleByteEncoding.Cp856;
            case "koi8-t":
                return SingleByteEncoding.Koi8T;
        }
        var codePage = CodePageFor(key);
        _ = CodePages.Value;
        try
        {
            if (codePage is int cp)
            {
                return cp == 65001 ? StrictUtf8 : Encoding.GetEncoding(cp);
            }
            var encoding = Encoding.GetEncoding(key);
            return encoding.CodePage switch
            {
                // WHATWG: these labels mean windows-1252 on the web (feeds use 0x80-0x9F for smart quotes).
                28591 or 20127 => Encoding.GetEncoding(1252),
                _ => encoding,
            };
        }
        catch (ArgumentException)
        {
            return null;
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    private static readonly Dictionary<string, int> Aliases = new(StringComparer.Ordinal)
    {
        ["utf8"] = 65001, ["u8"] = 65001, ["utf-8"] = 65001, ["unicode-1-1-utf-8"] = 65001,
        ["utf-16"] = 1200, ["utf16"] = 1200, ["utf-16le"] = 1200, ["ucs-2"] = 1200, ["ucs2"] = 1200, ["unicode"] = 1200,
        ["utf-16be"] = 1201, ["unicodefffe"] = 1201,
        ["utf-32"] = 12000, ["utf-32le"] = 12000, ["ucs-4"] = 12000, ["utf-32be"] = 12001,
        ["us-ascii"] = 20127, ["ascii"] = 20127, ["646"] = 20127, ["ansi-x3.4-1968"] = 20127, ["iso-ir-6"] = 20127,
        ["iso-8859-1"] = 1252, ["iso8859-1"] = 1252, ["latin1"] = 1252, ["latin-1"] = 1252, ["l1"] = 1252, ["cp819"] = 1252, ["ibm819"] = 1252, ["8859"] = 1252,
        ["gb2312"] = 54936, ["gbk"] = 54936, ["cp936"] = 54936, ["gb18030"] = 54936, ["euc-cn"] = 54936, ["x-gbk"] = 54936,
        ["big5"] = 950, ["big5-hkscs"] = 950, ["cp950"] = 950, ["x-x-big5"] = 950,
        ["shift-jis"] = 932, ["sjis"] = 932, ["x-sjis"] = 932, ["ms-kanji"] = 932, ["cp932"] = 932, ["windows-31j"] = 932,
        ["euc-jp"] = 51932, ["eucjp"] = 51932, ["ujis"] = 51932,
        ["euc-kr"] = 949, ["euckr"] = 949, ["ks-c-5601-1987"] = 949, ["ks-c-5601"] = 949, ["korean"] = 949, ["cp949"] = 949, ["uhc"] = 949,
        ["iso-2022-jp"] = 50220, ["csiso2022jp"] = 50220,
        ["koi8-r"] = 20866, ["koi8r"] = 20866, ["cskoi8r"] = 20866, ["koi8-u"] = 21866,
        ["tis-620"] = 874, ["tis620"] = 874, ["windows-874"] = 874, ["cp874"] = 874,
        ["cp-is"] = 861, ["ibm039"] = 37,
        ["cspc775baltic"] = 775, ["cspc850multilingual"] = 850, ["cspc862latinhebrew"] = 862, ["cspc8codepage437"] = 437, ["cspcp852"] = 852,
        ["ebcdic-cp-us"] = 37, ["ebcdic-cp-ca"] = 37, ["ebcdic-cp-wt"] = 37, ["ebcdic-cp-nl"] = 37,
        ["ebcdic-cp-be"] = 500, ["ebcdic-cp-ch"] = 500, ["ebcdic-cp-he"] = 20424, ["ebcdic-cp-gb"] = 20285, ["ebcdic-cp-fr"] = 20297,
        ["ebcdic-cp-it"] = 20280, ["ebcdic-cp-es"] = 20284, ["ebcdic-cp-dk"] = 20277, ["ebcdic-cp-no"] = 20277,
        ["ebcdic-cp-fi"] = 20278, ["ebcdic-cp-se"] = 20278, ["ebcdic-cp-is"] = 20871, ["ebcdic-cp-yu"] = 870,
        ["macintosh"] = 10000, ["macroman"] = 10000, ["mac-roman"] = 10000, ["x-mac-roman"] = 10000,
        ["maccyrillic"] = 10007, ["mac-cyrillic"] = 10007, ["x-mac-cyrillic"] = 10007,
        ["macgreek"] = 10006, ["mac-greek"] = 10006, ["maciceland"] = 10079, ["mac-iceland"] = 10079,
        ["maclatin2"] = 10029, ["mac-latin2"] = 10029, ["maccentraleurope"] = 10029, ["mac-centraleurope"] = 10029, ["x-mac-ce"] = 10029,
        ["macturkish"] = 10081, ["mac-turkish"] = 10081, ["macarabic"] = 10004, ["mac-arabic"] = 10004,
        ["machebrew"] = 10005, ["mac-hebrew"] = 10005, ["maccroatian"] = 10082, ["mac-croatian"] = 10082,
        ["macromania"] = 10010, ["mac-romanian"] = 10010, ["macukraine"] = 10017, ["mac-ukrainian"] = 10017,
    };

    // EBCDIC code pages .NET files under 20xxx.
    private static readonly Dictionary<int, int> EbcdicCodePages = new()
    {
        [273] = 20273, [277] = 20277, [278] = 20278, [280] = 20280, [284] = 20284, [285] = 20285, [290] = 20290,
        [297] = 20297, [420] = 20420, [423] = 20423, [424] = 20424, [833] = 20833, [838] = 20838, [871] = 20871,
        [880] = 20880, [905] = 20905, [924] = 20924,
    };

    private static int? CodePageFor(string key)
    {
        if (Aliases.TryGetValue(key, out var known))
        {
            return known;
        }
        ReadOnlySpan<char> digits = key;
        foreach (var prefix in (string[])["csibm", "ibm-", "ibm", "cp-", "cp", "windows-", "x-cp", "ms"])
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal) && key.Length > prefix.Length)
            {
                digits = key.AsSpan(prefix.Length);
                break;
            }
        }
        if (!int.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            return key.StartsWith("iso8859-", StringComparison.Ordinal) && int.TryParse(key.AsSpan(8), out var part)
                ? 28590 + part
                : null;
        }
        return EbcdicCodePages.TryGetValue(number, out var ebcdic) ? ebcdic : number;
    }
}

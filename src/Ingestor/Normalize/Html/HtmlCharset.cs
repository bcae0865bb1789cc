using System.Text;

namespace Ingestor.Normalize.Html;

/// <summary>
/// Decodes HTML bytes the way browsers choose the encoding: byte order mark, then the HTTP
/// Content-Type charset, then a &lt;meta charset&gt; or http-equiv declaration in the first
/// bytes, then UTF-8 when the bytes are valid UTF-8, else Windows-1252.
/// </summary>
public static class HtmlCharset
{
    private const int PrescanBytes = 4096;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    static HtmlCharset()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    /// <summary>Decodes <paramref name="bytes"/> into text.</summary>
    /// <exception cref="DocumentRejectedException">The bytes are binary, not HTML.</exception>
    public static string Decode(ReadOnlySpan<byte> bytes, string? contentType)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return Encoding.UTF8.GetString(bytes[3..]);
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Encoding.Unicode.GetString(bytes[2..]);
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Encoding.BigEndianUnicode.GetString(bytes[2..]);
        }
        var declared = FromContentType(contentType) ?? FromMeta(bytes[..Math.Min(bytes.Length, PrescanBytes)]);
        if (declared is not null)
        {
            // A page declaring a legacy charset while sending UTF-8 is common after CMS migrations.
            if (declared.CodePage != Encoding.UTF8.CodePage && IsAsciiCompatible(declared) && IsValidUtf8WithNonAscii(bytes))
            {
                return Encoding.UTF8.GetString(bytes);
            }
            return declared.GetString(bytes);
        }
        if (TextDecoding.LooksBinary(bytes))
        {
            throw new DocumentRejectedException("The file is binary, not HTML (it contains NUL or control bytes).");
        }
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.GetEncoding(1252).GetString(bytes);
        }
    }

    /// <summary>The encoding named by a Content-Type header's charset parameter, when known.</summary>
    public static Encoding? FromContentType(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return null;
        }
        var at = contentType.IndexOf("charset", StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return null;
        }
        var rest = contentType.AsSpan(at + "charset".Length).TrimStart();
        if (!rest.StartsWith("="))
        {
            return null;
        }
        rest = rest[1..].Trim().Trim('"').Trim('\'');
        var end = rest.IndexOfAny(';', ' ', ',');
        return Lookup(end >= 0 ? rest[..end].ToString() : rest.ToString());
    }

    /// <summary>
    /// The charset declared by &lt;meta charset=...&gt; or &lt;meta http-equiv="Content-Type" content="...; charset=..."&gt;
    /// in the bytes given (the start of the page).
    /// </summary>
    public static Encoding? FromMeta(ReadOnlySpan<byte> head)
    {
        // Latin-1 maps bytes to chars one to one, so ASCII markup reads the same whatever the encoding.
        var text = Encoding.Latin1.GetString(head);
        var at = 0;
        while ((at = text.IndexOf("<meta", at, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var close = text.IndexOf('>', at);
            if (close < 0)
            {
                break;
            }
            var tag = text.AsSpan(at, close - at);
            at = close;
            var charsetAt = tag.IndexOf("charset", StringComparison.OrdinalIgnoreCase);
            if (charsetAt < 0)
            {
                continue;
            }
            var rest = tag[(charsetAt + "charset".Length)..].TrimStart();
            if (!rest.StartsWith("="))
            {
                continue;
            }
            rest = rest[1..].TrimStart().TrimStart('"').TrimStart('\'');
            var length = 0;
            while (length < rest.Length && (char.IsAsciiLetterOrDigit(rest[length]) || rest[length] is '-' or '_' or ':' or '.'))
            {
                length++;
            }
            if (Lookup(rest[..length].ToString()) is { } encoding)
            {
                return encoding;
            }
        }
        return null;
    }

    private static Encoding? Lookup(string name)
    {
        if (name.Length == 0)
        {
            return null;
        }
        name = name.ToLowerInvariant();
        // The WHATWG encoding standard reads these labels as Windows-1252.
        if (name is "iso-8859-1" or "latin1" or "latin-1" or "us-ascii" or "ascii" or "iso8859-1" or "l1")
        {
            name = "windows-1252";
        }
        if (name is "utf8")
        {
            name = "utf-8";
        }
        try
        {
            var encoding = Encoding.GetEncoding(name);
            // A page cannot really be UTF-16 if its meta tag could be read as ASCII.
            return encoding is UnicodeEncoding ? Encoding.UTF8 : encoding;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static readonly byte[] AsciiProbe = "<meta charset=\"x\">"u8.ToArray();

    /// <summary>
    /// Reads ASCII as ASCII: single-byte code pages and the multi-byte CJK ones (GB2312/GBK, Big5, Shift_JIS, EUC-*),
    /// whose pages are re-saved as UTF-8 with the old declaration left in as often as Latin ones. Valid UTF-8 with
    /// non-ASCII bytes is practically never real GBK or Shift_JIS text.
    /// </summary>
    private static bool IsAsciiCompatible(Encoding encoding) =>
        encoding.GetString(AsciiProbe) == "<meta charset=\"x\">";

    private static bool IsValidUtf8WithNonAscii(ReadOnlySpan<byte> bytes)
    {
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return false;
        }
        foreach (var b in bytes)
        {
            if (b >= 0x80)
            {
                return true;
            }
        }
        return false;
    }
}

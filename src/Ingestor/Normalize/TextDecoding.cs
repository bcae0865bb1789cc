using System.Text;

namespace Ingestor.Normalize;

/// <summary>Turns file bytes into text: BOM first, then strict UTF-8, then Windows-1252; refuses binary.</summary>
public static class TextDecoding
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    static TextDecoding()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    /// <summary>Decodes text bytes.</summary>
    /// <exception cref="DocumentRejectedException">The bytes are binary, not text.</exception>
    public static string Decode(ReadOnlySpan<byte> bytes)
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
        if (LooksBinary(bytes))
        {
            throw new DocumentRejectedException("The file is binary, not text (it contains NUL or control bytes).");
        }
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            // Not valid UTF-8: legacy Western text is by far the most common case in news drops.
            return Encoding.GetEncoding(1252).GetString(bytes);
        }
    }

    /// <summary>True when the bytes hold NULs or many control characters (text never does).</summary>
    public static bool LooksBinary(ReadOnlySpan<byte> bytes)
    {
        var sample = bytes[..Math.Min(bytes.Length, 8192)];
        if (sample.IndexOf((byte)0) >= 0)
        {
            return true;
        }
        var control = 0;
        foreach (var b in sample)
        {
            if (b < 0x20 && b is not ((byte)'\n' or (byte)'\r' or (byte)'\t' or 0x0C))
            {
                control++;
            }
        }
        return sample.Length > 0 && control * 20 > sample.Length;
    }
}

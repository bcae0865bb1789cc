using System.Globalization;
using System.Text.RegularExpressions;

namespace Ingestor.Normalize.Html;

/// <summary>
/// Reads the dates pages state in meta tags, JSON-LD and time elements: ISO 8601 in its common
/// spellings, RFC 1123, "yyyy/MM/dd", English month names and Unix timestamps. Anything else,
/// including day/month orders that cannot be told apart (03/05/2019), gives null: never a guess.
/// A time without an offset is taken as UTC.
/// </summary>
public static partial class MetaDates
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HHK",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mmK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF zzz", "yyyy-MM-dd HH:mm:ss zzz", "yyyy-MM-dd HH:mm zzz",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd'T'HH:mm:sszzz",
        "yyyyMMdd'T'HHmmssK", "yyyyMMdd'T'HHmmK", "yyyyMMddHHmmss",
        "yyyy-MM-dd", "yyyyMMdd", "yyyy/MM/dd", "yyyy/MM/dd HH:mm:ss", "yyyy/MM/dd HH:mm", "yyyy.MM.dd", "yyyy.MM.dd HH:mm",
        "yyyy/MM/dd'T'HH:mm:ssK", "yyyy-M-d", "yyyy-M-d H:mm", "yyyy-M-d H:mm:ss",
        "ddd, d MMM yyyy HH:mm:ss zzz", "ddd, d MMM yyyy HH:mm zzz", "ddd, d MMM yyyy HH:mm:ss", "ddd, d MMM yyyy",
        "d MMM yyyy HH:mm:ss zzz", "d MMM yyyy HH:mm zzz", "d MMM yyyy HH:mm:ss", "d MMM yyyy HH:mm", "d MMM yyyy",
        "d MMMM yyyy HH:mm", "d MMMM yyyy", "MMMM d, yyyy", "MMMM d yyyy", "MMM d, yyyy", "MMM d yyyy",
        "MMMM d, yyyy h:mm tt", "MMM d, yyyy h:mm tt", "MMMM d, yyyy HH:mm", "MMM d, yyyy HH:mm",
        "MMMM d, yyyy h:mmtt", "MMM d, yyyy h:mmtt", "ddd MMM d HH:mm:ss zzz yyyy", "ddd MMM d HH:mm:ss yyyy",
        "dddd, MMMM d, yyyy", "dddd, d MMMM yyyy",
    ];

    private static readonly (string Name, string Offset)[] Zones =
    [
        ("GMT", "+00:00"), ("UTC", "+00:00"), ("UT", "+00:00"), ("EST", "-05:00"), ("EDT", "-04:00"), ("CST", "-06:00"),
        ("CDT", "-05:00"), ("MST", "-07:00"), ("MDT", "-06:00"), ("PST", "-08:00"), ("PDT", "-07:00"),
        ("BST", "+01:00"), ("CET", "+01:00"), ("CEST", "+02:00"), ("IST", "+05:30"), ("JST", "+09:00"),
        ("AEST", "+10:00"), ("AEDT", "+11:00"),
    ];

    /// <summary>The instant a date string states, or null when it cannot be read without guessing.</summary>
    public static DateTimeOffset? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var s = text.Trim();
        if (s.Length > 64)
        {
            return null;
        }
        if (s.Length is 10 or 13 && s.All(char.IsAsciiDigit) && long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch))
        {
            var instant = s.Length == 13 ? DateTimeOffset.FromUnixTimeMilliseconds(epoch) : DateTimeOffset.FromUnixTimeSeconds(epoch);
            return Plausible(instant);
        }
        s = NormalizeZone(s);
        if (DateTimeOffset.TryParseExact(s, Formats, CultureInfo.InvariantCulture,
                DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return Plausible(parsed);
        }
        return null;
    }

    private static string NormalizeZone(string s)
    {
        // "+0100" offsets and zone names become "+01:00", which the zzz and K specifiers read.
        if (s.EndsWith('Z') || s.EndsWith('z'))
        {
            return s[..^1] + "+00:00";
        }
        foreach (var (name, offset) in Zones)
        {
            if (s.EndsWith(" " + name, StringComparison.OrdinalIgnoreCase))
            {
                return s[..^name.Length] + offset;
            }
        }
        if (s.Contains(':', StringComparison.Ordinal) && NumericOffset().Match(s) is { Success: true } m)
        {
            return s[..m.Index] + m.Groups[1].Value + ":" + m.Groups[2].Value;
        }
        return s;
    }

    [GeneratedRegex(@"([+-]\d{2})(\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex NumericOffset();

    private static DateTimeOffset? Plausible(DateTimeOffset value) =>
        value.Year is >= 1990 and <= 2100 ? value.ToUniversalTime() : null;
}

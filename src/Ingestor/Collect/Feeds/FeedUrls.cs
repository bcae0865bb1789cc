namespace Ingestor.Collect.Feeds;

/// <summary>
/// Reference resolution (RFC 3986 section 5) on strings, so IRIs keep their characters as written
/// (System.Uri would percent-encode or re-escape them), plus the scheme allow-list for links.
/// </summary>
public static class FeedUrls
{
    private static readonly HashSet<string> SafeSchemes = new(StringComparer.OrdinalIgnoreCase)
    {
        "http", "https", "ftp", "ftps", "sftp", "mailto", "news", "nntp", "snews", "tel", "sms", "irc", "ircs",
        "magnet", "feed", "itpc", "pcast", "podcast", "gopher", "rtsp", "rtmp", "mms", "urn", "tag", "xmpp",
        "sip", "sips", "webcal", "geo", "git", "svn", "ed2k", "aim",
    };

    /// <summary>Resolves <paramref name="reference"/> against <paramref name="baseUri"/>; either may be relative.</summary>
    public static string Resolve(string? baseUri, string reference)
    {
        reference = reference.Trim();
        if (string.IsNullOrEmpty(baseUri) || SchemeOf(reference) is not null)
        {
            return reference;
        }
        var b = Split(baseUri);
        if (reference.StartsWith("//", StringComparison.Ordinal))
        {
            return b.Scheme is null ? reference : b.Scheme + ":" + reference;
        }
        var r = Split(reference);
        string path;
        string? query;
        if (r.Path.Length == 0)
        {
            path = b.Path;
            query = r.Query ?? b.Query;
        }
        else
        {
            if (r.Path[0] == '/')
            {
                path = RemoveDotSegments(r.Path);
            }
            else
            {
                var merged = b.Authority is not null && b.Path.Length == 0
                    ? "/" + r.Path
                    : b.Path[..(b.Path.LastIndexOf('/') + 1)] + r.Path;
                path = RemoveDotSegments(merged);
            }
            query = r.Query;
        }
        var result = new System.Text.StringBuilder(baseUri.Length + reference.Length);
        if (b.Scheme is not null)
        {
            result.Append(b.Scheme).Append(':');
        }
        if (b.Authority is not null)
        {
            result.Append("//").Append(b.Authority);
        }
        result.Append(path);
        if (query is not null)
        {
            result.Append('?').Append(query);
        }
        if (r.Fragment is not null)
        {
            result.Append('#').Append(r.Fragment);
        }
        return result.ToString();
    }

    /// <summary>The scheme of a URI reference, or null for a relative reference.</summary>
    public static string? SchemeOf(string reference)
    {
        var colon = reference.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !char.IsAsciiLetter(reference[0]))
        {
            return null;
        }
        for (var i = 1; i < colon; i++)
        {
            var c = reference[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
            {
                return null;
            }
        }
        return reference[..colon];
    }

    /// <summary>
    /// True for relative references and for schemes that cannot run code (no javascript:, vbscript:, data:).
    /// Browsers ignore tabs, newlines and leading control characters in URLs, so those are removed before judging.
    /// </summary>
    public static bool IsSafe(string reference)
    {
        var probe = StripIgnorable(reference);
        var scheme = SchemeOf(probe);
        return scheme is null ? !probe.StartsWith("\\\\", StringComparison.Ordinal) : SafeSchemes.Contains(scheme);
    }

    /// <summary>Resolves and checks a link: null when the result would be unsafe or is empty.</summary>
    public static string? ResolveSafe(string? baseUri, string? reference)
    {
        if (reference is null)
        {
            return null;
        }
        var resolved = Resolve(baseUri, reference);
        return resolved.Length == 0 || !IsSafe(resolved) ? null : resolved;
    }

    private static string StripIgnorable(string value)
    {
        var needs = false;
        foreach (var c in value)
        {
            if (c <= ' ')
            {
                needs = true;
                break;
            }
        }
        if (!needs)
        {
            return value;
        }
        var sb = new System.Text.StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c > ' ')
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    private readonly record struct Parts(string? Scheme, string? Authority, string Path, string? Query, string? Fragment);

    private static Parts Split(string uri)
    {
        string? fragment = null;
        var hash = uri.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            fragment = uri[(hash + 1)..];
            uri = uri[..hash];
        }
        string? query = null;
        var question = uri.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            query = uri[(question + 1)..];
            uri = uri[..question];
        }
        var scheme = SchemeOf(uri);
        var rest = scheme is null ? uri : uri[(scheme.Length + 1)..];
        string? authority = null;
        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            var slash = rest.IndexOf('/', 2);
            authority = slash < 0 ? rest[2..] : rest[2..slash];
            rest = slash < 0 ? "" : rest[slash..];
        }
        return new Parts(scheme, authority, rest, query, fragment);
    }

    private static string RemoveDotSegments(string path)
    {
        if (!path.Contains('.', StringComparison.Ordinal))
        {
            return path;
        }
        var input = path.Split('/');
        var output = new List<string>(input.Length);
        var absolute = path.StartsWith('/');
        for (var i = 0; i < input.Length; i++)
        {
            var segment = input[i];
            var last = i == input.Length - 1;
            if (segment == ".")
            {
                if (last)
                {
                    output.Add("");
                }
                continue;
            }
            if (segment == "..")
            {
                if (output.Count > (absolute ? 1 : 0))
                {
                    output.RemoveAt(output.Count - 1);
                }
                if (last)
                {
                    output.Add("");
                }
                continue;
            }
            output.Add(segment);
        }
        var joined = string.Join('/', output);
        return absolute && !joined.StartsWith('/') ? "/" + joined : joined;
    }
}

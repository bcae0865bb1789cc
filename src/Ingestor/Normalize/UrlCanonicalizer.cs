using System.Text;

namespace Ingestor.Normalize;

/// <summary>
/// One canonical spelling per article URL, so the same article reached through tracking links,
/// AMP pages or different host casing gets one id: lower-case scheme and host, no default port,
/// no fragment, no tracking parameters (utm_*, fbclid, gclid, …), no AMP suffix, no trailing slash.
/// </summary>
public static class UrlCanonicalizer
{
    private static readonly HashSet<string> TrackingParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "fbclid", "gclid", "dclid", "gclsrc", "msclkid", "mc_cid", "mc_eid", "yclid", "igshid", "_ga", "_gl",
        "ref_src", "ref_url", "cmpid", "ncid", "ocid", "sr_share", "smid", "partner", "taid", "at_medium",
        "at_campaign", "amp", "outputtype",
    };

    /// <summary>Canonical form of an absolute http(s) URL; null when the text is not one.</summary>
    public static string? Canonicalize(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) ||
            (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return null;
        }
        var host = uri.IdnHost.ToLowerInvariant();
        if (host.StartsWith("amp.", StringComparison.Ordinal))
        {
            host = host[4..];
        }
        var sb = new StringBuilder(url.Length);
        sb.Append(uri.Scheme).Append("://").Append(host);
        if (!uri.IsDefaultPort)
        {
            sb.Append(':').Append(uri.Port);
        }
        sb.Append(CanonicalPath(uri.AbsolutePath));
        var query = CanonicalQuery(uri.Query);
        if (query.Length > 0)
        {
            sb.Append('?').Append(query);
        }
        return sb.ToString();
    }

    private static string CanonicalPath(string path)
    {
        // AMP variants: /amp, /amp/, /article.amp.html, /amp/article
        foreach (var suffix in (ReadOnlySpan<string>)["/amp/", "/amp"])
        {
            if (path.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                path = path[..^suffix.Length];
                break;
            }
        }
        if (path.StartsWith("/amp/", StringComparison.OrdinalIgnoreCase))
        {
            path = path[4..];
        }
        path = path.Replace(".amp.html", ".html", StringComparison.OrdinalIgnoreCase);
        while (path.Length > 1 && path.EndsWith('/'))
        {
            path = path[..^1];
        }
        return path.Length == 0 ? "/" : path;
    }

    private static string CanonicalQuery(string query)
    {
        if (query.Length <= 1)
        {
            return "";
        }
        var kept = query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(pair =>
            {
                var name = pair.Split('=', 2)[0];
                return !name.StartsWith("utm_", StringComparison.OrdinalIgnoreCase) && !TrackingParameters.Contains(name);
            })
            .Order(StringComparer.Ordinal);
        return string.Join('&', kept);
    }
}

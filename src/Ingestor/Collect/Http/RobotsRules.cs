using System.Text;

namespace Ingestor.Collect.Http;

/// <summary>
/// The rules of one robots.txt (RFC 9309) for one user agent: the group naming our product token, else the
/// <c>*</c> group; the longest matching Allow/Disallow path wins, Allow on a tie; <c>*</c> and <c>$</c> understood.
/// </summary>
public sealed class RobotsRules
{
    public static readonly RobotsRules AllowAll = new([]);
    public static readonly RobotsRules DisallowAll = new([new Rule("/", Allow: false)]);

    private const int MaxRules = 1000;
    private const int MaxPatternLength = 1000;

    private readonly List<Rule> _rules;

    private RobotsRules(List<Rule> rules) => _rules = rules;

    private sealed record Rule(string Pattern, bool Allow);

    public static RobotsRules Parse(string text, string userAgent)
    {
        var token = ProductToken(userAgent);
        var specific = new List<Rule>();
        var general = new List<Rule>();
        var foundSpecific = false;
        var agents = new List<string>();
        var inRules = false;
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine;
            var hash = line.IndexOf('#', StringComparison.Ordinal);
            if (hash >= 0)
            {
                line = line[..hash];
            }
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }
            var key = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            switch (key)
            {
                case "user-agent":
                    if (inRules)
                    {
                        agents.Clear();
                        inRules = false;
                    }
                    agents.Add(value.ToLowerInvariant());
                    break;
                case "allow" or "disallow":
                    inRules = true;
                    // Hostile files: rules past the caps are ignored.
                    if (value.Length == 0 || value.Length > MaxPatternLength || specific.Count + general.Count >= MaxRules)
                    {
                        continue;
                    }
                    var rule = new Rule(value, key == "allow");
                    if (agents.Any(a => a.Length > 0 && a != "*" && token.Contains(a, StringComparison.Ordinal)))
                    {
                        foundSpecific = true;
                        specific.Add(rule);
                    }
                    else if (agents.Contains("*"))
                    {
                        general.Add(rule);
                    }
                    break;
                default:
                    break;
            }
        }
        return new RobotsRules(foundSpecific ? specific : general);
    }

    public bool IsAllowed(Uri url)
    {
        var path = url.PathAndQuery;
        Rule? best = null;
        var bestLength = -1;
        foreach (var rule in _rules)
        {
            if (Matches(rule.Pattern, path) && (rule.Pattern.Length > bestLength || (rule.Pattern.Length == bestLength && rule.Allow)))
            {
                best = rule;
                bestLength = rule.Pattern.Length;
            }
        }
        return best?.Allow ?? true;
    }

    private static string ProductToken(string userAgent)
    {
        var end = userAgent.IndexOfAny(['/', ' ']);
        return (end > 0 ? userAgent[..end] : userAgent).ToLowerInvariant();
    }

    /// <summary>
    /// Prefix match with <c>*</c> (any run) and a trailing <c>$</c> (end of path). Iterative with one
    /// backtrack point, so a hostile pattern ("/*a*a*a*a*b") costs at most pattern × path steps.
    /// </summary>
    private static bool Matches(string pattern, string path)
    {
        var anchored = pattern.EndsWith('$');
        if (anchored)
        {
            pattern = pattern[..^1];
        }
        else
        {
            pattern += "*";
        }
        int p = 0, s = 0, star = -1, resume = 0;
        while (s < path.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = s;
            }
            else if (p < pattern.Length && pattern[p] == path[s])
            {
                p++;
                s++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                s = ++resume;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }
        return p == pattern.Length;
    }

    internal static string Decode(ReadOnlySpan<byte> body) => Encoding.UTF8.GetString(body);
}

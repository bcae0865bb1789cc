using Ingestor.Articles;

namespace Ingestor.Enrich.Entities;

/// <summary>
/// Reads the common shape of a gazetteer file (a top-level <c>entities:</c> list of one-line
/// <c>key: value</c> fields, flow lists for aliases, plain or quoted scalars, comments) without a YAML
/// library: every CLI command that tags loads the gazetteer, and YamlDotNet's cold start costs more than
/// the rest of a tag run. Anything outside that shape returns null and the caller uses the full YAML parser.
/// </summary>
internal static class GazetteerFastReader
{
    private sealed class Fields
    {
        public string? Name;
        public string? Type;
        public string? Id;
        public string? Role;
        public string? Country;
        public List<string>? Aliases;
        public int Line;
    }

    /// <summary>The entries, or null when the text uses YAML this reader does not handle.</summary>
    public static List<GazetteerEntry>? TryParse(string text, string fileName)
    {
        var entries = new List<GazetteerEntry>();
        var sawRoot = false;
        Fields? current = null;
        var lineNumber = 0;
        var index = 0;
        foreach (var rawLine in text.AsSpan().EnumerateLines())
        {
            lineNumber++;
            var line = rawLine.TrimEnd();
            var content = line.TrimStart(' ');
            if (content.IsEmpty || content[0] == '#')
            {
                continue;
            }
            if (content.Contains('\t') || content.StartsWith("---") || content.StartsWith("..."))
            {
                return null;
            }
            var indent = line.Length - content.Length;
            if (!sawRoot)
            {
                if (indent != 0 || !content.SequenceEqual("entities:"))
                {
                    return null;
                }
                sawRoot = true;
                continue;
            }
            if (indent == 0)
            {
                return null; // another top-level key
            }
            if (content.StartsWith("- "))
            {
                if (current is not null && !Add(current, entries, fileName, index++))
                {
                    return null;
                }
                current = new Fields { Line = lineNumber };
                content = content[2..].TrimStart(' ');
            }
            else if (current is null || indent < 2)
            {
                return null;
            }
            if (!ReadField(content, current))
            {
                return null;
            }
        }
        if (current is not null && !Add(current, entries, fileName, index))
        {
            return null;
        }
        return sawRoot && entries.Count > 0 ? entries : null;
    }

    private static bool Add(Fields fields, List<GazetteerEntry> entries, string fileName, int index)
    {
        // Problems get the full parser's exact messages.
        if (fields.Name is null || fields.Type is null || !EntityTypes.TryParse(fields.Type, out var type))
        {
            return false;
        }
        var name = fields.Name;
        var aliases = (fields.Aliases ?? []).Where(a => a.Trim().Length > 0).Select(a => a.Trim()).Where(a => a != name).Distinct().ToList();
        entries.Add(new GazetteerEntry(name.Trim(), type, fields.Id, aliases)
        {
            Role = fields.Role,
            Country = fields.Country,
            File = fileName,
        });
        _ = index;
        return true;
    }

    private static bool ReadField(ReadOnlySpan<char> content, Fields fields)
    {
        var colon = content.IndexOf(':');
        if (colon <= 0 || (colon + 1 < content.Length && content[colon + 1] != ' '))
        {
            return false;
        }
        var key = content[..colon];
        var rest = content[(colon + 1)..].Trim(' ');
        if (key.SequenceEqual("aliases"))
        {
            if (fields.Aliases is not null)
            {
                return false;
            }
            if (rest.IsEmpty || rest[0] == '#')
            {
                return false; // a block list on the following lines
            }
            if (rest[0] != '[')
            {
                var single = Scalar(rest, flow: false, out var used);
                if (single is null || !OnlyComment(rest[used..]))
                {
                    return false;
                }
                fields.Aliases = single.Length > 0 ? [single] : [];
                return true;
            }
            var list = FlowList(rest, out var consumed);
            if (list is null || !OnlyComment(rest[consumed..]))
            {
                return false;
            }
            fields.Aliases = list;
            return true;
        }
        string? value = null;
        if (!(rest.IsEmpty || rest[0] == '#'))
        {
            value = Scalar(rest, flow: false, out var used);
            if (value is null || !OnlyComment(rest[used..]))
            {
                return false;
            }
        }
        if (value is { Length: 0 })
        {
            value = null;
        }
        switch (key)
        {
            case "name" when fields.Name is null: fields.Name = value; break;
            case "type" when fields.Type is null: fields.Type = value; break;
            case "id" when fields.Id is null: fields.Id = value; break;
            case "role" when fields.Role is null: fields.Role = value; break;
            case "country" when fields.Country is null: fields.Country = value; break;
            default:
                // Unknown keys (or repeats) are left to the full parser's rules.
                return false;
        }
        return true;
    }

    private static bool OnlyComment(ReadOnlySpan<char> rest)
    {
        rest = rest.TrimStart(' ');
        return rest.IsEmpty || rest[0] == '#';
    }

    private static List<string>? FlowList(ReadOnlySpan<char> text, out int consumed)
    {
        consumed = 0;
        var items = new List<string>();
        var i = 1;
        while (true)
        {
            while (i < text.Length && text[i] == ' ')
            {
                i++;
            }
            if (i >= text.Length)
            {
                return null; // continues on another line
            }
            if (text[i] == ']')
            {
                consumed = i + 1;
                return items;
            }
            var item = Scalar(text[i..], flow: true, out var used);
            if (item is null || used == 0)
            {
                return null;
            }
            items.Add(item);
            i += used;
            while (i < text.Length && text[i] == ' ')
            {
                i++;
            }
            if (i < text.Length && text[i] == ',')
            {
                i++;
            }
            else if (i >= text.Length || text[i] != ']')
            {
                return null;
            }
        }
    }

    /// <summary>A plain, single- or double-quoted scalar at the start of <paramref name="text"/>; null when unsure.</summary>
    private static string? Scalar(ReadOnlySpan<char> text, bool flow, out int used)
    {
        used = 0;
        if (text.IsEmpty)
        {
            return null;
        }
        var first = text[0];
        if (first == '\'')
        {
            var value = new System.Text.StringBuilder();
            for (var i = 1; i < text.Length; i++)
            {
                if (text[i] == '\'')
                {
                    if (i + 1 < text.Length && text[i + 1] == '\'')
                    {
                        value.Append('\'');
                        i++;
                        continue;
                    }
                    used = i + 1;
                    return value.ToString();
                }
                value.Append(text[i]);
            }
            return null;
        }
        if (first == '"')
        {
            var value = new System.Text.StringBuilder();
            for (var i = 1; i < text.Length; i++)
            {
                var c = text[i];
                if (c == '\\')
                {
                    return null; // escapes: leave them to the full parser
                }
                if (c == '"')
                {
                    used = i + 1;
                    return value.ToString();
                }
                value.Append(c);
            }
            return null;
        }
        if ("[]{}&*!|>%@`,#?:-".Contains(first))
        {
            return null; // indicators that may start something other than a plain scalar
        }
        var end = 0;
        while (end < text.Length)
        {
            var c = text[end];
            if (c == '#' && end > 0 && text[end - 1] == ' ')
            {
                break;
            }
            if (c == ':' && (end + 1 == text.Length || text[end + 1] == ' ' || (flow && text[end + 1] is ',' or ']')))
            {
                return null;
            }
            if (flow && c is ',' or ']' or '[' or '{' or '}')
            {
                if (c is '[' or '{' or '}')
                {
                    return null;
                }
                break;
            }
            end++;
        }
        var scalar = text[..end].TrimEnd(' ');
        used = end;
        return scalar.ToString();
    }
}

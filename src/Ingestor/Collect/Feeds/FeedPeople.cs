namespace Ingestor.Collect.Feeds;

/// <summary>Reads authors: Atom person constructs and the free-form RSS strings ("me@x.org (Me)", "Me &lt;me@x.org&gt;", "Me").</summary>
internal static class FeedPeople
{
    public static FeedPerson? FromString(string? text)
    {
        if (text is null)
        {
            return null;
        }
        var s = Normalize.Html.HtmlSanitizer.CollapseWhitespace(text);
        if (s.Length == 0)
        {
            return null;
        }
        var at = s.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at == s.Length - 1)
        {
            return new FeedPerson(s, null, null);
        }
        var start = at;
        while (start > 0 && IsLocalChar(s[start - 1]))
        {
            start--;
        }
        var end = at + 1;
        while (end < s.Length && IsDomainChar(s[end]))
        {
            end++;
        }
        while (end > at + 1 && s[end - 1] == '.')
        {
            end--;
        }
        if (start == at || end == at + 1)
        {
            return new FeedPerson(s, null, null);
        }
        var email = s[start..end];
        var before = s[..start];
        if (before.EndsWith("mailto:", StringComparison.OrdinalIgnoreCase))
        {
            before = before[..^7];
        }
        var rest = (before + s[end..]).Replace("()", "", StringComparison.Ordinal).Replace("<>", "", StringComparison.Ordinal)
            .Replace("[]", "", StringComparison.Ordinal);
        var name = rest.Trim().Trim('(', ')', '<', '>', '[', ']', '"', '\'', ',', ';', '-').Trim();
        return new FeedPerson(name.Length == 0 ? null : name, email, null);
    }

    /// <summary>An Atom person (name, email, uri; Atom 0.3's url). A person written as bare text is read as a string.</summary>
    public static FeedPerson? FromAtom(FeedXmlElement e)
    {
        if (!e.HasElementChildren)
        {
            return FromString(e.Text());
        }
        string? name = null, email = null, uri = null;
        foreach (var child in e.Elements())
        {
            var value = Normalize.Html.HtmlSanitizer.CollapseWhitespace(child.Text());
            if (value.Length == 0)
            {
                continue;
            }
            switch (child.Key)
            {
                case "name":
                    name ??= value;
                    break;
                case "email":
                    email ??= value.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? value[7..] : value;
                    break;
                case "uri" or "url" or "homepage":
                    uri ??= FeedUrls.ResolveSafe(child.Base, value);
                    break;
            }
        }
        return name is null && email is null && uri is null ? null : new FeedPerson(name, email, uri);
    }

    private static bool IsLocalChar(char c) => char.IsLetterOrDigit(c) || c is '.' or '_' or '%' or '+' or '-' or '\'';

    private static bool IsDomainChar(char c) => char.IsLetterOrDigit(c) || c is '.' or '-';
}

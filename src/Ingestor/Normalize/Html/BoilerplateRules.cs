using System.Buffers;
using System.Text.RegularExpressions;

namespace Ingestor.Normalize.Html;

/// <summary>What an element's class and id say about it.</summary>
[Flags]
internal enum ClassHint : ushort
{
    None = 0,
    /// <summary>Names page furniture (menus, comments, sidebars, ads): removed before scoring unless <see cref="MaybeContent"/>.</summary>
    Unlikely = 1,
    /// <summary>Names something that may hold the article (content, article, body, main).</summary>
    MaybeContent = 2,
    Positive = 4,
    Negative = 8,
    /// <summary>Share buttons and social links: removed inside the article when short.</summary>
    Share = 16,
    /// <summary>Byline, date and other article metadata lines: removed inside the article when short.</summary>
    Byline = 32,
    /// <summary>Image captions and credits.</summary>
    Caption = 64,
    /// <summary>Read-more, related-story, newsletter and ad blocks: removed inside the article when short.</summary>
    Promo = 128,
    /// <summary>An author's biography box.</summary>
    Bio = 256,
}

/// <summary>
/// Class/id vocabulary of page furniture and of article containers, and the labels reported as
/// removed boilerplate. Keywords match inside lower-cased "class id" strings ("sidebar" in
/// "right-sidebar-wrap"); short ones such as "ad" only between non-letters.
/// </summary>
internal static partial class BoilerplateRules
{
    public const int ClassWeight = 25;

    // Vocabulary per hint. "<ad>" must stand between non-letters (or the string's ends): "ad-slot",
    // "top_ad" but not "head"; "<advert" needs a non-letter before it only, "date>" after it only.
    private static readonly (ClassHint Hint, string Words)[] Vocabulary =
    [
        (ClassHint.Unlikely,
            "-ad- banner breadcrumb combx comment communit cover-wrap disqus extra footer gdpr cookie consent header " +
            "legends menu related remark replies rss shoutbox sidebar skyscraper social sponsor supplemental ad-break " +
            "agegate pagination pager popup yom-remote newsletter subscribe signup sign-up taboola outbrain " +
            "mostpopular most-popular mostread most-read <ad> <ads> <advert> <advertisement> <nav> <navbar> <navigation>"),
        (ClassHint.MaybeContent, "article body column content main shadow mathjax"),
        (ClassHint.Positive, "article body content entry hentry h-entry main page post text blog story prose paragraph"),
        (ClassHint.Negative,
            "hidden <hid> banner combx comment com- contact footer gdpr masthead media meta outbrain promo related scroll " +
            "share shoutbox sidebar skyscraper sponsor shopping tags widget byline author dateline timestamp caption " +
            "credit newsletter subscri social cookie breadcrumb recommend trending popular <ad> <ads> <adv> <nav> <tool> <tools>"),
        (ClassHint.Share, "share sharing social sharedaddy addthis <sns>"),
        (ClassHint.Byline,
            "byline author dateline timestamp publish posted date> <meta> <time> <info> <kicker> articlemeta article-meta " +
            "postmeta post-meta entrymeta entry-meta readingtime reading-time readtime read-time"),
        (ClassHint.Caption, "caption credit <copyright> <photosource> <photo-source>"),
        (ClassHint.Bio, "<bio> author-bio authorbio author_bio about-author about-the-author author-info authorinfo contributor-bio"),
        (ClassHint.Promo,
            "related recommend readmore read-more morestories more-stories alsoread also-read newsletter subscri signup " +
            "sign-up promo trending popular mostread most-read outbrain taboola sponsor <ad> <ads> <adv> <advert <cta>"),
    ];

    private readonly record struct Keyword(string Text, bool BoundedStart, bool BoundedEnd, ClassHint Hints);

    // Keywords by their first character (all are ASCII).
    private static readonly Keyword[][] KeywordsByFirstChar = BuildKeywords();
    private static readonly SearchValues<string> AnyKeyword =
        SearchValues.Create(KeywordsByFirstChar.SelectMany(k => k).Select(k => k.Text).Distinct().ToArray(), StringComparison.Ordinal);

    private static Keyword[][] BuildKeywords()
    {
        var merged = new Dictionary<(string, bool, bool), ClassHint>();
        foreach (var (hint, words) in Vocabulary)
        {
            foreach (var word in words.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var key = (word.Trim('<', '>'), word.StartsWith('<'), word.EndsWith('>'));
                merged[key] = merged.GetValueOrDefault(key) | hint;
            }
        }
        var byFirst = new Keyword[128][];
        foreach (var group in merged.Select(kv => new Keyword(kv.Key.Item1, kv.Key.Item2, kv.Key.Item3, kv.Value)).GroupBy(k => k.Text[0]))
        {
            byFirst[group.Key] = group.ToArray();
        }
        for (var c = 0; c < byFirst.Length; c++)
        {
            byFirst[c] ??= [];
        }
        return byFirst;
    }

    /// <summary>Analyses one "class id" string (already lower-cased) in one multi-keyword scan.</summary>
    public static ClassHint Analyse(string classAndId)
    {
        var hints = ClassHint.None;
        var text = classAndId.AsSpan();
        var position = 0;
        while (position < text.Length)
        {
            var found = text[position..].IndexOfAny(AnyKeyword);
            if (found < 0)
            {
                break;
            }
            var at = position + found;
            foreach (var keyword in KeywordsByFirstChar[text[at]])
            {
                if (!text[at..].StartsWith(keyword.Text, StringComparison.Ordinal))
                {
                    continue;
                }
                var end = at + keyword.Text.Length;
                if (keyword.BoundedStart && at > 0 && char.IsAsciiLetterLower(text[at - 1]))
                {
                    continue;
                }
                if (keyword.BoundedEnd && end < text.Length && char.IsAsciiLetterLower(text[end]))
                {
                    continue;
                }
                hints |= keyword.Hints;
            }
            position = at + 1;
        }
        return hints;
    }

    public static int Weight(ClassHint hints) =>
        ((hints & ClassHint.Positive) != 0 ? ClassWeight : 0) - ((hints & ClassHint.Negative) != 0 ? ClassWeight : 0);

    /// <summary>ARIA roles of page furniture.</summary>
    public static bool IsFurnitureRole(string role) => role is "navigation" or "menu" or "menubar" or "complementary"
        or "dialog" or "alert" or "alertdialog" or "banner" or "contentinfo" or "search" or "toolbar" or "tablist";

    [GeneratedRegex(@"comment|disqus|replies", RegexOptions.CultureInvariant)]
    private static partial Regex CommentsLabel();

    [GeneratedRegex(@"related|recommend|more-?stories|trending|popular|most-?read|outbrain|taboola|read-?more", RegexOptions.CultureInvariant)]
    private static partial Regex RelatedLabel();

    [GeneratedRegex(@"newsletter|subscri|signup|sign-up|paywall", RegexOptions.CultureInvariant)]
    private static partial Regex NewsletterLabel();

    [GeneratedRegex(@"(?<![a-z])(ad|ads|adv|advert\w*)(?![a-z])|sponsor|promo|banner|skyscraper", RegexOptions.CultureInvariant)]
    private static partial Regex AdvertisementLabel();

    [GeneratedRegex(@"(?<![a-z])nav|menu|breadcrumb|pagination|pager|toolbar|skip", RegexOptions.CultureInvariant)]
    private static partial Regex NavigationLabel();

    [GeneratedRegex(@"cookie|consent|gdpr", RegexOptions.CultureInvariant)]
    private static partial Regex CookieLabel();

    /// <summary>A short label for a removed element, reported in <see cref="ExtractedContent.RemovedBoilerplate"/>.</summary>
    public static string Label(HtmlTag tag, string classAndId, string? role, ClassHint hints)
    {
        if (tag == HtmlTag.Nav || role is "navigation" or "menu" or "menubar")
        {
            return "navigation";
        }
        if (CommentsLabel().IsMatch(classAndId))
        {
            return "comments";
        }
        if ((hints & ClassHint.Share) != 0)
        {
            return "share";
        }
        if (RelatedLabel().IsMatch(classAndId))
        {
            return "related";
        }
        if (NewsletterLabel().IsMatch(classAndId))
        {
            return "newsletter";
        }
        if (CookieLabel().IsMatch(classAndId))
        {
            return "cookie-notice";
        }
        if (AdvertisementLabel().IsMatch(classAndId))
        {
            return "advertisement";
        }
        if (NavigationLabel().IsMatch(classAndId))
        {
            return "navigation";
        }
        if (tag == HtmlTag.Aside || role == "complementary" || classAndId.Contains("sidebar", StringComparison.Ordinal))
        {
            return "sidebar";
        }
        if (tag == HtmlTag.Footer || role == "contentinfo" || classAndId.Contains("footer", StringComparison.Ordinal))
        {
            return "footer";
        }
        if (tag == HtmlTag.Header || role == "banner" || classAndId.Contains("header", StringComparison.Ordinal) ||
            classAndId.Contains("masthead", StringComparison.Ordinal))
        {
            return "header";
        }
        if ((hints & ClassHint.Byline) != 0)
        {
            return "byline";
        }
        if ((hints & ClassHint.Caption) != 0)
        {
            return "caption";
        }
        return role is not null && role.Length > 0 ? role : "other";
    }
}

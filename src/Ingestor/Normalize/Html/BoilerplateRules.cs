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
}

/// <summary>
/// Class/id vocabulary of page furniture and of article containers, and the labels reported as
/// removed boilerplate. Patterns match lower-cased "class id" strings; word edges are any
/// non-letter so "ad" matches "ad-slot" and "top_ad" but not "head" or "shadow".
/// </summary>
internal static partial class BoilerplateRules
{
    public const int ClassWeight = 25;

    // Names of page furniture: removed outright before scoring unless the name also says "content".
    [GeneratedRegex(
        @"-ad-|banner|breadcrumb|combx|comment|communit|cover-wrap|disqus|extra|footer|gdpr|cookie|consent|header|" +
        @"legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|" +
        @"agegate|pagination|pager|popup|yom-remote|newsletter|subscribe|signup|sign-up|taboola|outbrain|" +
        @"most-?popular|most-?read|" +
        @"(?<![a-z])(ad|ads|advert|advertisement|nav|navbar|navigation)(?![a-z])",
        RegexOptions.CultureInvariant)]
    private static partial Regex UnlikelyPattern();

    [GeneratedRegex(@"article|body|column|content|main|shadow|mathjax", RegexOptions.CultureInvariant)]
    private static partial Regex MaybeContentPattern();

    [GeneratedRegex(
        @"article|body|content|entry|hentry|h-entry|main|page|post|text|blog|story|prose|paragraph",
        RegexOptions.CultureInvariant)]
    private static partial Regex PositivePattern();

    [GeneratedRegex(
        @"hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr|masthead|media|meta|outbrain|" +
        @"promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget|byline|author|" +
        @"dateline|timestamp|caption|credit|newsletter|subscri|social|cookie|breadcrumb|recommend|trending|popular|" +
        @"(?<![a-z])(ad|ads|adv|nav|tool|tools)(?![a-z])",
        RegexOptions.CultureInvariant)]
    private static partial Regex NegativePattern();

    [GeneratedRegex(@"share|sharing|social|sharedaddy|addthis|(?<![a-z])sns(?![a-z])", RegexOptions.CultureInvariant)]
    private static partial Regex SharePattern();

    [GeneratedRegex(
        @"byline|author|dateline|timestamp|publish|posted|date(?![a-z])|(?<![a-z])(meta|time|info|kicker)(?![a-z])|" +
        @"article-?meta|post-?meta|entry-?meta|reading-?time|read-?time",
        RegexOptions.CultureInvariant)]
    private static partial Regex BylinePattern();

    [GeneratedRegex(@"caption|credit|(?<![a-z])(copyright|photo-?source)(?![a-z])", RegexOptions.CultureInvariant)]
    private static partial Regex CaptionPattern();

    [GeneratedRegex(
        @"related|recommend|read-?more|more-?stories|also-?read|newsletter|subscri|signup|sign-up|promo|trending|" +
        @"popular|most-?read|outbrain|taboola|sponsor|(?<![a-z])(ad|ads|adv|advert\w*|cta)(?![a-z])",
        RegexOptions.CultureInvariant)]
    private static partial Regex PromoPattern();

    /// <summary>Analyses one "class id" string (already lower-cased).</summary>
    public static ClassHint Analyse(string classAndId)
    {
        if (classAndId.Length == 0)
        {
            return ClassHint.None;
        }
        var hints = ClassHint.None;
        if (UnlikelyPattern().IsMatch(classAndId))
        {
            hints |= ClassHint.Unlikely;
        }
        if (MaybeContentPattern().IsMatch(classAndId))
        {
            hints |= ClassHint.MaybeContent;
        }
        if (PositivePattern().IsMatch(classAndId))
        {
            hints |= ClassHint.Positive;
        }
        if (NegativePattern().IsMatch(classAndId))
        {
            hints |= ClassHint.Negative;
        }
        if (SharePattern().IsMatch(classAndId))
        {
            hints |= ClassHint.Share;
        }
        if (BylinePattern().IsMatch(classAndId))
        {
            hints |= ClassHint.Byline;
        }
        if (CaptionPattern().IsMatch(classAndId))
        {
            hints |= ClassHint.Caption;
        }
        if (PromoPattern().IsMatch(classAndId))
        {
            hints |= ClassHint.Promo;
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

using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Quartz;

namespace Ingestor.Collect.Feeds;

/// <summary>One configured feed (<c>config/sources.yaml</c>, key <c>sources:N</c>).</summary>
public sealed class FeedSource
{
    public string Name { get; set; } = "";

    /// <summary>http(s) URL, or a <c>file:</c> URL read from disk.</summary>
    public string Url { get; set; } = "";

    /// <summary>Poll interval: "15m", "1h", "90s" or "00:15:00". Ignored when <see cref="Cron"/> is set.</summary>
    public string? Interval { get; set; }

    /// <summary>Quartz cron expression ("0 0/20 * * * ?"), instead of an interval.</summary>
    public string? Cron { get; set; }

    public List<string> Tags { get; set; } = [];

    /// <summary>Always fetch the linked page for the article text, even when the feed carries content.</summary>
    [ConfigurationKeyName("full_text")]
    public bool FullText { get; set; }

    /// <summary>Items taken from one poll (the first ones in the document: feeds list the newest first).</summary>
    [ConfigurationKeyName("max_items")]
    public int MaxItems { get; set; } = 50;

    public bool Enabled { get; set; } = true;

    /// <summary>The parsed interval; 15 minutes when unset.</summary>
    public TimeSpan PollInterval => FeedSourceOptions.TryParseInterval(Interval, out var interval) ? interval : FeedSourceOptions.DefaultInterval;

    public Uri Address => new(Url, UriKind.Absolute);

    public bool IsFile => Address.IsFile;
}

/// <summary>The list of feeds (top-level key <c>sources</c>) and the poller's own settings (section <c>Feeds</c>).</summary>
public sealed partial class FeedSourceOptions
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(15);

    public List<FeedSource> Sources { get; set; } = [];

    /// <summary>Items whose feed content has fewer characters of text than this get their linked page fetched.</summary>
    public int FullTextMinChars { get; set; } = 600;

    /// <summary>Longest wait between polls of a failing feed (the backoff doubles per consecutive failure up to this).</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Largest random delay before a feed's first poll, so feeds do not all start together.</summary>
    public TimeSpan StartJitter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest <c>file:</c> feed read.</summary>
    public long MaxFileBytes { get; set; } = 16 * 1024 * 1024;

    public IEnumerable<FeedSource> Enabled => Sources.Where(s => s.Enabled);

    public static bool TryParseInterval(string? text, out TimeSpan interval)
    {
        interval = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        text = text.Trim();
        var match = ShortInterval().Match(text);
        if (match.Success)
        {
            var n = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
            interval = match.Groups["unit"].Value.ToLowerInvariant() switch
            {
                "ms" => TimeSpan.FromMilliseconds(n),
                "s" => TimeSpan.FromSeconds(n),
                "m" => TimeSpan.FromMinutes(n),
                "h" => TimeSpan.FromHours(n),
                _ => TimeSpan.FromDays(n),
            };
            return true;
        }
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out interval);
    }

    public static bool IsValidCron(string? expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            return false;
        }
        try
        {
            _ = new CronExpression(expression);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^(?<n>\d+(\.\d+)?)\s*(?<unit>ms|s|m|h|d)$", RegexOptions.IgnoreCase)]
    private static partial Regex ShortInterval();
}

/// <summary>Checks every feed at start and names each bad key (<c>sources:2:url</c>).</summary>
public sealed class FeedSourceOptionsValidator : IValidateOptions<FeedSourceOptions>
{
    public ValidateOptionsResult Validate(string? name, FeedSourceOptions options)
    {
        var failures = new List<string>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Sources.Count; i++)
        {
            var source = options.Sources[i];
            var key = string.Create(CultureInfo.InvariantCulture, $"sources:{i}");
            if (string.IsNullOrWhiteSpace(source.Name))
            {
                failures.Add($"{key}:name is required.");
            }
            else if (!names.Add(source.Name.Trim()))
            {
                failures.Add($"{key}:name '{source.Name}' is used by another source; names must be unique.");
            }
            if (!Uri.TryCreate(source.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https" or "file"))
            {
                failures.Add($"{key}:url must be an absolute http, https or file URL (was '{source.Url}').");
            }
            if (!string.IsNullOrWhiteSpace(source.Cron))
            {
                if (!FeedSourceOptions.IsValidCron(source.Cron))
                {
                    failures.Add($"{key}:cron '{source.Cron}' is not a valid Quartz cron expression (seconds minutes hours day-of-month month day-of-week).");
                }
            }
            else if (source.Interval is not null)
            {
                if (!FeedSourceOptions.TryParseInterval(source.Interval, out var interval))
                {
                    failures.Add($"{key}:interval '{source.Interval}' is not a duration (use 90s, 15m, 1h or 00:15:00).");
                }
                else if (interval < TimeSpan.FromSeconds(1))
                {
                    failures.Add($"{key}:interval must be at least 1 second (was {source.Interval}).");
                }
            }
            if (source.MaxItems is < 1 or > 10_000)
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"{key}:max_items must be between 1 and 10000 (was {source.MaxItems})."));
            }
        }
        if (options.MaxBackoff < TimeSpan.FromSeconds(1))
        {
            failures.Add($"Feeds:MaxBackoff must be at least 1 second (was {options.MaxBackoff}).");
        }
        if (options.StartJitter < TimeSpan.Zero)
        {
            failures.Add($"Feeds:StartJitter must not be negative (was {options.StartJitter}).");
        }
        if (options.FullTextMinChars < 0)
        {
            failures.Add("Feeds:FullTextMinChars must not be negative.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

using Microsoft.Extensions.Options;

namespace Ingestor.Alerts;

/// <summary>Configuration section <c>Alerts</c>: where rules live and how alerts are delivered.</summary>
public sealed class AlertOptions
{
    public const string Section = "Alerts";

    public bool Enabled { get; set; } = true;

    /// <summary>Folder of rule files (*.yaml); default: the alerts folder of the configuration folder.</summary>
    public string? RulesDirectory { get; set; }

    /// <summary>Webhook HMAC secrets by name, for destinations that say <c>secret: NAME</c>.</summary>
    public Dictionary<string, string> Secrets { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Quick retries of one delivery (HTTP errors, timeouts), with exponential back-off from <see cref="RetryDelay"/>.</summary>
    public int Retries { get; set; } = 3;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Time allowed for one HTTP attempt.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Rounds of delivery (each with its quick retries) before an alert is dead-lettered; the wait
    /// between rounds doubles from <see cref="RedeliveryDelay"/>.
    /// </summary>
    public int MaxAttempts { get; set; } = 6;

    public TimeSpan RedeliveryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the delivery worker looks for retries due and throttled story updates.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>Checks the alert settings and every rule file, naming each bad key or field.</summary>
public sealed class AlertOptionsValidator(AlertRuleFiles rules) : IValidateOptions<AlertOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertOptions options)
    {
        var failures = new List<string>();
        if (options.Retries is < 0 or > 10)
        {
            failures.Add($"Alerts:Retries must be between 0 and 10 (was {options.Retries}).");
        }
        if (options.RetryDelay < TimeSpan.Zero || options.RetryDelay > TimeSpan.FromMinutes(1))
        {
            failures.Add($"Alerts:RetryDelay must be between 0 and 1 minute (was {options.RetryDelay}).");
        }
        if (options.RequestTimeout < TimeSpan.FromMilliseconds(100) || options.RequestTimeout > TimeSpan.FromMinutes(5))
        {
            failures.Add($"Alerts:RequestTimeout must be between 100 ms and 5 minutes (was {options.RequestTimeout}).");
        }
        if (options.MaxAttempts is < 1 or > 100)
        {
            failures.Add($"Alerts:MaxAttempts must be between 1 and 100 (was {options.MaxAttempts}).");
        }
        if (options.RedeliveryDelay < TimeSpan.Zero || options.RedeliveryDelay > TimeSpan.FromDays(1))
        {
            failures.Add($"Alerts:RedeliveryDelay must be between 0 and 1 day (was {options.RedeliveryDelay}).");
        }
        if (options.SweepInterval < TimeSpan.FromMilliseconds(100) || options.SweepInterval > TimeSpan.FromMinutes(10))
        {
            failures.Add($"Alerts:SweepInterval must be between 100 ms and 10 minutes (was {options.SweepInterval}).");
        }
        if (options.Enabled)
        {
            failures.AddRange(rules.Load(options).Errors);
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

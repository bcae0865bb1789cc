using Microsoft.Extensions.Options;

namespace Ingestor.Enrich.Duplicates;

/// <summary>Configuration section <c>Duplicates</c>: how copies of an article are recognized.</summary>
public sealed class DuplicateOptions
{
    public const string Section = "Duplicates";

    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Share of the shorter article's word shingles that must also be in the original (estimated from
    /// MinHash signatures) for a near-duplicate: 1 is a copy, truncations and added boilerplate keep it high.
    /// </summary>
    public double Threshold { get; set; } = 0.5;

    /// <summary>Words per shingle.</summary>
    public int ShingleSize { get; set; } = 3;

    /// <summary>Articles with fewer words are matched exactly only (too little text to compare).</summary>
    public int MinWords { get; set; } = 25;

    /// <summary>How long an original stays a candidate for near-duplicates (exact matches have no limit).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Most originals held in memory for near-duplicate lookup (about 2.5 KB each); the oldest go first.</summary>
    public int MaxTracked { get; set; } = 50_000;
}

/// <summary>Checks the duplicate settings, naming each bad key.</summary>
public sealed class DuplicateOptionsValidator : IValidateOptions<DuplicateOptions>
{
    public ValidateOptionsResult Validate(string? name, DuplicateOptions options)
    {
        var failures = new List<string>();
        if (options.Threshold is <= 0 or > 1 || double.IsNaN(options.Threshold))
        {
            failures.Add($"Duplicates:Threshold must be above 0 and at most 1 (was {options.Threshold}).");
        }
        if (options.ShingleSize is < 1 or > 12)
        {
            failures.Add($"Duplicates:ShingleSize must be between 1 and 12 (was {options.ShingleSize}).");
        }
        if (options.MinWords is < 1 or > 10_000)
        {
            failures.Add($"Duplicates:MinWords must be between 1 and 10000 (was {options.MinWords}).");
        }
        if (options.Window < TimeSpan.FromMinutes(1))
        {
            failures.Add($"Duplicates:Window must be at least one minute (was {options.Window}).");
        }
        if (options.MaxTracked is < 100 or > 50_000_000)
        {
            failures.Add($"Duplicates:MaxTracked must be between 100 and 50000000 (was {options.MaxTracked}).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

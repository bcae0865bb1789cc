using Microsoft.Extensions.Options;

namespace Ingestor.Collect.Http;

/// <summary>Checks the fetch settings at start, naming each bad key.</summary>
public sealed class FetchOptionsValidator : IValidateOptions<FetchOptions>
{
    public ValidateOptionsResult Validate(string? name, FetchOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.UserAgent))
        {
            failures.Add("Fetch:UserAgent must not be empty: name the deployment and a contact.");
        }
        else if (!System.Net.Http.Headers.ProductInfoHeaderValue.TryParse(options.UserAgent.Split(' ')[0], out _))
        {
            failures.Add($"Fetch:UserAgent must start with a product token such as Ingestor/1.0 (was '{options.UserAgent}').");
        }
        if (options.RequestTimeout <= TimeSpan.Zero || options.RequestTimeout > TimeSpan.FromMinutes(10))
        {
            failures.Add($"Fetch:RequestTimeout must be between 0 and 10 minutes (was {options.RequestTimeout}).");
        }
        if (options.MaxResponseBytes < 1024)
        {
            failures.Add($"Fetch:MaxResponseBytes must be at least 1024 (was {options.MaxResponseBytes}).");
        }
        if (options.MaxRedirects is < 0 or > 20)
        {
            failures.Add($"Fetch:MaxRedirects must be between 0 and 20 (was {options.MaxRedirects}).");
        }
        if (options.Retries is < 0 or > 10)
        {
            failures.Add($"Fetch:Retries must be between 0 and 10 (was {options.Retries}).");
        }
        if (options.RetryDelay < TimeSpan.Zero)
        {
            failures.Add($"Fetch:RetryDelay must not be negative (was {options.RetryDelay}).");
        }
        if (options.PerHostConcurrency < 1)
        {
            failures.Add($"Fetch:PerHostConcurrency must be at least 1 (was {options.PerHostConcurrency}).");
        }
        if (options.PerHostDelay < TimeSpan.Zero)
        {
            failures.Add($"Fetch:PerHostDelay must not be negative (was {options.PerHostDelay}).");
        }
        if (options.BreakerFailureRatio is <= 0 or > 1)
        {
            failures.Add($"Fetch:BreakerFailureRatio must be above 0 and at most 1 (was {options.BreakerFailureRatio}).");
        }
        if (options.BreakerMinimumThroughput < 2)
        {
            failures.Add($"Fetch:BreakerMinimumThroughput must be at least 2 (was {options.BreakerMinimumThroughput}).");
        }
        if (options.BreakerSamplingDuration < TimeSpan.FromMilliseconds(500) || options.BreakerBreakDuration < TimeSpan.FromMilliseconds(500))
        {
            failures.Add("Fetch:BreakerSamplingDuration and Fetch:BreakerBreakDuration must be at least 0.5 seconds.");
        }
        for (var i = 0; i < options.AllowedNetworks.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(options.AllowedNetworks[i]))
            {
                continue;
            }
            try
            {
                AddressGuard.ParseNetwork(options.AllowedNetworks[i]);
            }
            catch (FormatException ex)
            {
                failures.Add($"Fetch:AllowedNetworks:{i}: {ex.Message}.");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

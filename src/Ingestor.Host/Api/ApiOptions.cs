using System.ComponentModel.DataAnnotations;

namespace Ingestor.Host.Api;

/// <summary>Configuration section <c>Api</c>: who may call the query API, and how much.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>
    /// Accepted keys (header <c>X-Api-Key</c>, or <c>Authorization: Bearer KEY</c>). With none, the API is
    /// open — allowed only while it listens on loopback addresses.
    /// </summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>Requests per minute per key (or per client address without keys).</summary>
    [Range(1, 1_000_000)]
    public int RequestsPerMinute { get; set; } = 600;

    /// <summary>Largest request body accepted (alert rules are small).</summary>
    [Range(1024, 100 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 256 * 1024;

    /// <summary>Origins allowed to call the API from a browser; empty (the default) sends no CORS headers.</summary>
    public List<string> CorsOrigins { get; set; } = [];
}

using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Ingestor.Articles;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Ingestor.Host.Api;

/// <summary>API keys, per-key rate limits, body size caps and CORS for the query API.</summary>
internal static class ApiSecurity
{
    public const string PolicyName = "per-key";
    private const string ApiKeyHeader = "X-Api-Key";

    public static IServiceCollection AddApiSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiOptions>().Bind(configuration.GetSection(ApiOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await context.HttpContext.Response.WriteAsJsonAsync(new ApiError("Too many requests; slow down and retry after a minute."), IngestorJson.Compact, cancellationToken);
            };
            limiter.AddPolicy(PolicyName, context =>
            {
                var options = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value;
                var partition = PresentedKey(context) is { } key ? "key:" + Fingerprint(key) : "ip:" + context.Connection.RemoteIpAddress;
                return RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.RequestsPerMinute,
                    TokensPerPeriod = Math.Max(1, options.RequestsPerMinute / 6),
                    ReplenishmentPeriod = TimeSpan.FromSeconds(10),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
        });
        var cors = configuration.GetSection(ApiOptions.Section).Get<ApiOptions>()?.CorsOrigins ?? [];
        if (cors.Count > 0)
        {
            services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins([.. cors]).WithMethods("GET", "POST", "PUT", "DELETE").WithHeaders(ApiKeyHeader, "Content-Type", "Authorization")));
        }
        return services;
    }

    /// <summary>
    /// Refuses to start an open API on a non-loopback address; then checks keys on every /api call
    /// (health probes stay open) and caps request bodies.
    /// </summary>
    public static WebApplication UseApiSecurity(this WebApplication app, IEnumerable<string> urls)
    {
        var options = app.Services.GetRequiredService<IOptions<ApiOptions>>().Value;
        var keys = options.ApiKeys.Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => Encoding.UTF8.GetBytes(k.Trim())).ToList();
        if (keys.Count == 0 && urls.Any(u => !IsLoopback(u)))
        {
            throw new InvalidOperationException(
                "The API would listen beyond localhost without authentication: set Api:ApiKeys (e.g. INGESTOR_Api__ApiKeys__0) or listen on 127.0.0.1.");
        }
        if (options.CorsOrigins.Count > 0)
        {
            app.UseCors();
        }
        app.Use(async (context, next) =>
        {
            if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } body)
            {
                body.MaxRequestBodySize = options.MaxRequestBodyBytes;
            }
            var path = context.Request.Path;
            var protectedPath = path.StartsWithSegments("/api") || path.StartsWithSegments("/metrics");
            if (keys.Count > 0 && protectedPath && !IsValidKey(PresentedKey(context), keys))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await context.Response.WriteAsJsonAsync(new ApiError($"A valid API key is required (header {ApiKeyHeader} or Authorization: Bearer)."), IngestorJson.Compact);
                return;
            }
            await next(context);
        });
        app.UseRateLimiter();
        return app;
    }

    private static string? PresentedKey(HttpContext context)
    {
        if (context.Request.Headers.TryGetValue(ApiKeyHeader, out var header) && !string.IsNullOrWhiteSpace(header))
        {
            return header.ToString().Trim();
        }
        var authorization = context.Request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
    }

    // Constant-time comparison: response timing must not reveal how much of a key was right.
    private static bool IsValidKey(string? presented, List<byte[]> keys)
    {
        if (presented is null)
        {
            return false;
        }
        var bytes = Encoding.UTF8.GetBytes(presented);
        var valid = false;
        foreach (var key in keys)
        {
            valid |= CryptographicOperations.FixedTimeEquals(bytes, key);
        }
        return valid;
    }

    // Partitions are keyed by a hash so keys never sit in limiter state or logs.
    private static string Fingerprint(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];

    internal static bool IsLoopback(string url)
    {
        if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return false;
        }
        return uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }
}

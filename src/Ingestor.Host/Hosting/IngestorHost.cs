using System.Text.Json;
using Ingestor.Articles;
using Ingestor.Configuration;
using Ingestor.Host.Api;
using Ingestor.Pipeline;

namespace Ingestor.Host.Hosting;

/// <summary>Which parts one process runs.</summary>
public enum HostRole
{
    All,
    Worker,
    Api,
}

/// <summary>Builds the long-running process: the worker, the query API, or both (the default).</summary>
public static class IngestorHost
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    public static WebApplication Build(IngestorPaths paths, HostRole role, string? urls, Action<IServiceCollection>? configureServices = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
            ApplicationName = "Ingestor",
        });
        builder.Configuration.AddIngestorConfiguration(paths);
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        var listen = urls ?? Environment.GetEnvironmentVariable("ASPNETCORE_URLS") ?? builder.Configuration["Urls"] ?? DefaultUrls;
        builder.WebHost.UseUrls(listen);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestLineSize = 16 * 1024;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
        });
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff ";
            o.UseUtcTimestamp = true;
        });

        var services = builder.Services;
        services.AddIngestorCore(builder.Configuration, paths);
        services.AddSearchEngine(builder.Configuration, paths);
        if (role is HostRole.All or HostRole.Worker)
        {
            services.AddIngestorWorker(builder.Configuration);
        }
        services.ConfigureHttpJsonOptions(o => CopyJsonOptions(o.SerializerOptions));
        services.AddOpenApi();
        services.AddProblemDetails();
        services.AddApiSecurity(builder.Configuration);
        services.AddPrometheusExporter();
        configureServices?.Invoke(services);

        var app = builder.Build();
        app.UseExceptionHandler(error => error.Run(async context =>
        {
            // No stack traces leave the process; the log has them. A request the server refused (a body
            // over Api:MaxRequestBodyBytes) keeps its 4xx status instead of becoming a 500.
            var refused = context.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Error as BadHttpRequestException;
            context.Response.StatusCode = refused?.StatusCode ?? StatusCodes.Status500InternalServerError;
            var message = refused is null ? "Internal error; see the service log."
                : refused.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is over the size limit (Api:MaxRequestBodyBytes)."
                : "Bad request.";
            await context.Response.WriteAsJsonAsync(new ApiError(message), IngestorJson.Compact);
        }));
        app.UseApiSecurity(listen.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        app.MapHealth();
        app.MapMetrics();
        app.MapOpenApi("/openapi/{documentName}.json");
        if (role is HostRole.All or HostRole.Api)
        {
            app.UseSearchPage();
            var api = app.MapGroup("/api").RequireRateLimiting(ApiSecurity.PolicyName);
            api.MapSearchApi().MapStatusApi();
            api.MapStoriesApi();
            api.MapSourcesApi();
            api.MapAlertsApi();
        }
        return app;
    }

    private static void CopyJsonOptions(JsonSerializerOptions target)
    {
        var source = IngestorJson.Compact;
        target.PropertyNamingPolicy = source.PropertyNamingPolicy;
        target.DictionaryKeyPolicy = source.DictionaryKeyPolicy;
        target.Encoder = source.Encoder;
        target.DefaultIgnoreCondition = source.DefaultIgnoreCondition;
        foreach (var converter in source.Converters)
        {
            target.Converters.Add(converter);
        }
    }
}

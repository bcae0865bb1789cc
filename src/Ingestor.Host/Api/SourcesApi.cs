using Ingestor.Collect.Feeds;

namespace Ingestor.Host.Api;

/// <summary><c>GET /api/sources</c>: every configured feed with its health (what `ingestor sources --json` prints).</summary>
internal static class SourcesApi
{
    public static RouteGroupBuilder MapSourcesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/sources", async (FeedHealthReader reader, CancellationToken cancellationToken) => TypedResults.Ok(await reader.ReadAsync(cancellationToken)))
            .WithName("ListSources")
            .WithSummary("Configured feeds: last success, last error, consecutive failures, next poll and items read by the last poll.");
        return api;
    }
}

using Ingestor.Index;
using Ingestor.Pipeline;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ingestor.Host.Api;

/// <summary>Liveness and readiness for orchestrators and load balancers.</summary>
internal static class HealthApi
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => TypedResults.Ok(new HealthStatus("ok", null, null)))
            .WithName("Health").WithSummary("The process is alive.");
        endpoints.MapGet("/readyz", ReadyAsync)
            .WithName("Ready").WithSummary("The index answers; 'degraded' when writes are backing up.");
        return endpoints;
    }

    private static async Task<Results<Ok<HealthStatus>, JsonHttpResult<HealthStatus>>> ReadyAsync(ISearchIndex index, PipelineHealth health, CancellationToken cancellationToken)
    {
        try
        {
            await index.CountAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // 503 takes the query API out of rotation; a worker in this process keeps journaling input meanwhile.
            // Degraded, not unavailable, wherever a worker runs: it may not have tried a write since the index went away.
            var status = health.WorkerRunning || health.IndexError is not null ? "degraded" : "unavailable";
            return TypedResults.Json(new HealthStatus(status, $"The {index.Engine} index does not answer: {ex.Message}", health.JournalDepth), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        string?[] problems =
        [
            health.IndexError is not null ? $"Index writes are failing: {health.IndexError}" : null,
            health.JournalFull ? "The journal is full: new input waits until the index catches up." : null,
        ];
        var problem = problems.Any(p => p is not null) ? string.Join(" ", problems.Where(p => p is not null)) : null;
        return TypedResults.Ok(new HealthStatus(health.Status, problem, health.JournalDepth));
    }
}

public sealed record HealthStatus(string Status, string? Problem, long? JournalDepth);

using Microsoft.AspNetCore.Http.HttpResults;
using MixOpt.Grains;
using MixOpt.Grains.Scheduling;
using MixOpt.Web.Auth;
using Orleans.Dashboard;
using Orleans.Runtime;

namespace MixOpt.Web.Api;

/// <summary>The cluster's operations surface: its workers, cancelling one run, and the Orleans dashboard under /orleans.</summary>
public static class ClusterApi
{
    public const string DashboardPath = "/orleans";

    public static IEndpointRouteBuilder MapClusterApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/workers", ListWorkers).WithTags("Cluster").RequireAuthorization(ScopePolicies.Read)
            .WithSummary("List the cluster's silos")
            .WithDescription("Every silo in cluster membership with its status, role (host, worker, embedded), slots, GPUs, and the run each busy slot executes.");
        routes.MapPost("/api/runs/{runId:guid}/cancel", CancelRun).WithTags("Cluster").RequireAuthorization(ScopePolicies.Write)
            .WithSummary("Cancel a run")
            .WithDescription("Marks the run cancelled in the ledger (a result it reports later is refused), drops it from the queue or stops its executor on whichever silo runs it, and lets its study move on. 404 for an unknown run, 409 when it has already finished.");
        // The Orleans dashboard (grains, silos, calls); it sits behind the same authorization as the rest of the app.
        routes.MapOrleansDashboard(DashboardPath).ExcludeFromDescription().RequireAuthorization(ScopePolicies.Read);
        return routes;
    }

    private static async Task<Results<Ok<IReadOnlyList<WorkerSiloView>>, ProblemHttpResult>> ListWorkers(IGrainFactory grains, HttpResponse response)
    {
        try
        {
            return TypedResults.Ok(await grains.GetGrain<ISchedulerGrain>(0).Workers());
        }
        catch (Exception e) when (e is OrleansMessageRejectionException or SiloUnavailableException)
        {
            // A silo died and membership has not declared it dead yet (seconds): the scheduler's activation cannot reach
            // the directory partition it held. A transient state of the cluster, answered as such rather than as a 500.
            response.Headers.RetryAfter = "1";
            return TypedResults.Problem("A silo left the cluster and membership is still settling; retry in a moment.",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "Cluster changing");
        }
    }

    private static async Task<Results<Ok<CancelledRunView>, ProblemHttpResult>> CancelRun(Guid runId, RunCanceller canceller, CancellationToken ct)
    {
        var result = await canceller.CancelAsync(runId, ct);
        if (result is null)
            return TypedResults.Problem($"No run with id {runId}.", statusCode: StatusCodes.Status404NotFound, title: "Run not found");
        if (!result.Cancelled)
            return TypedResults.Problem($"Run {runId} has already finished.", statusCode: StatusCodes.Status409Conflict, title: "Run already finished");
        return TypedResults.Ok(new CancelledRunView(result.RunId, result.StudyId, "Cancelled"));
    }
}

/// <summary>A run that was cancelled by the request.</summary>
public sealed record CancelledRunView(Guid RunId, Guid StudyId, string State);

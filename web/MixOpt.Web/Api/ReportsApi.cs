using Microsoft.AspNetCore.Http.HttpResults;
using MixOpt.Core.Studies;
using MixOpt.Web.Application;
using MixOpt.Web.Auth;

namespace MixOpt.Web.Api;

/// <summary>What a study says so far: the recommended mixture with its uncertainty, the surrogates' cross-validation, best vs cost.</summary>
public static class ReportsApi
{
    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/studies/{id:guid}").WithTags("Recommendations and reports").RequireAuthorization(ScopePolicies.Read);
        api.MapGet("/recommendation", RecommendationAsync)
            .WithSummary("Current recommended mixture")
            .WithDescription("The mixture the study's strategy recommends at the target fidelity, with the predicted objective and its standard deviation (0 when the basis is the best observed run), and the surrogates' k-fold cross-validation table; a hierarchical study adds `levels` (each group's total and its members' shares), a multi-objective one `front` (the Pareto set, each point's predicted values and standard deviation by metric) and `noFeasiblePoint` when its trade-off cannot be met. Final once the study completed; before that computed on demand from the runs so far. 409 before any run succeeded.")
            .ApiExample(response: """{"studyId": "0197a3b2-5c1e-7d40-9f3a-2b8c4d6e8f10", "final": false, "observations": 12, "mixture": {"web": 0.48, "code": 0.31, "books": 0.21}, "predicted": 3.02, "stdDev": 0.04, "basis": "gp", "surrogates": [{"name": "gp", "spearman": 0.91, "mse": 0.0012, "coverage95": 0.93, "folds": 5}], "levels": null, "front": [{"mixture": {"web": 0.48, "code": 0.31, "books": 0.21}, "observed": {"loss:web": 3.02, "loss:code": 2.4}, "predicted": {"loss:web": 3.03, "loss:code": 2.41}, "stdDev": {"loss:web": 0.04, "loss:code": 0.05}}], "noFeasiblePoint": null}""");
        api.MapGet("/surrogates", SurrogatesAsync)
            .WithSummary("Surrogate cross-validation table")
            .WithDescription("How each surrogate of the catalog predicts the study's observations in k-fold cross-validation (Spearman rank correlation, MSE, 95% interval coverage), best first. Empty before there are enough observations for two folds.")
            .ApiExample(response: """[{"name": "gp", "spearman": 0.91, "mse": 0.0012, "coverage95": 0.93, "folds": 5}, {"name": "linear", "spearman": 0.72, "mse": 0.004, "coverage95": 0.88, "folds": 5}]""");
        api.MapGet("/progress", ProgressAsync)
            .WithSummary("Best so far vs cost")
            .WithDescription("Every succeeded run in the order its result came in, with the cumulative cost spent up to it, its objective and the best objective so far (in the objective's direction). Plot bestSoFar against cumulativeCost.")
            .ApiExample(response: """[{"index": 0, "runId": "0197a3c0-1a2b-7c3d-8e4f-5a6b7c8d9e01", "ordinal": 0, "fidelity": 1, "cumulativeCost": 1, "objective": 3.3, "bestSoFar": 3.3}, {"index": 1, "runId": "0197a3c1-1a2b-7c3d-8e4f-5a6b7c8d9e02", "ordinal": 1, "fidelity": 1, "cumulativeCost": 2, "objective": 3.1, "bestSoFar": 3.1}]""");
        return routes;
    }

    // The study's grain fits and caches the current recommendation (until its next result); StudyReports only asks it.
    private static async Task<Results<Ok<RecommendationView>, ProblemHttpResult>> RecommendationAsync(Guid id, StudyReports reports, CancellationToken ct)
    {
        var lookup = await reports.RecommendationAsync(id, ct);
        if (!lookup.Found) return ApiProblems.StudyNotFound(id);
        return lookup.View is { } view ? TypedResults.Ok(view) : ApiProblems.Conflict("Nothing to recommend yet", lookup.NothingYet!);
    }

    private static async Task<Results<Ok<IReadOnlyList<SurrogateScoreDocument>>, ProblemHttpResult>> SurrogatesAsync(Guid id, StudyReports reports) =>
        await reports.SurrogatesAsync(id) is { } table ? TypedResults.Ok(table) : ApiProblems.StudyNotFound(id);

    private static async Task<Results<Ok<IReadOnlyList<ProgressPoint>>, ProblemHttpResult>> ProgressAsync(Guid id, StudyReports reports, CancellationToken ct) =>
        await reports.ProgressAsync(id, ct) is { } points ? TypedResults.Ok(points) : ApiProblems.StudyNotFound(id);
}

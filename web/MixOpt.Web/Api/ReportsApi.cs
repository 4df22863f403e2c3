using Microsoft.AspNetCore.Http.HttpResults;
using MixOpt.Core.Mixtures;
using MixOpt.Core.Strategies;
using MixOpt.Core.Studies;
using MixOpt.Grains;
using MixOpt.Ledger.Studies;
using MixOpt.Ledger;
using MixOpt.Ledger.Rows;
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
            .WithDescription("The mixture the study's strategy recommends at the target fidelity, with the predicted objective and its standard deviation (0 when the basis is the best observed run), and the surrogates' k-fold cross-validation table. Final once the study completed; before that computed on demand from the runs so far. 409 before any run succeeded.")
            .ApiExample(response: """{"studyId": "0197a3b2-5c1e-7d40-9f3a-2b8c4d6e8f10", "final": false, "observations": 12, "mixture": {"web": 0.48, "code": 0.31, "books": 0.21}, "predicted": 3.02, "stdDev": 0.04, "basis": "gp", "surrogates": [{"name": "gp", "spearman": 0.91, "mse": 0.0012, "coverage95": 0.93, "folds": 5}]}""");
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

    // The study's grain fits and caches the current recommendation (until its next result); these handlers only ask it.
    private static async Task<Results<Ok<RecommendationView>, ProblemHttpResult>> RecommendationAsync(Guid id, IGrainFactory grains, StudySpecCache specs, CancellationToken ct)
    {
        var current = await grains.GetGrain<IStudyGrain>(id).Recommendation();
        if (!current.Found || await specs.FindAsync(id, ct) is not { } spec) return ApiProblems.StudyNotFound(id);
        var document = Read(current);
        if (document is null)
            return ApiProblems.Conflict("Nothing to recommend yet", current.Observations == 0
                ? $"Study {id} has no succeeded run yet."
                : $"Study {id}'s strategy '{spec.Strategy}' cannot recommend from {current.Observations} runs yet.");
        var mixture = spec.DomainNames.Where(document.Mixture.ContainsKey).ToDictionary(d => d, d => document.Mixture[d]);
        return TypedResults.Ok(new RecommendationView(id, current.Final, current.Observations, mixture, document.Predicted, document.StdDev, document.Basis, document.Surrogates));
    }

    private static async Task<Results<Ok<IReadOnlyList<SurrogateScoreDocument>>, ProblemHttpResult>> SurrogatesAsync(Guid id, IGrainFactory grains, CancellationToken ct)
    {
        var current = await grains.GetGrain<IStudyGrain>(id).Recommendation();
        if (!current.Found) return ApiProblems.StudyNotFound(id);
        return TypedResults.Ok<IReadOnlyList<SurrogateScoreDocument>>(Read(current)?.Surrogates ?? []);
    }

    private static RecommendationDocument? Read(StudyRecommendation current) =>
        current.DocumentJson is null ? null : System.Text.Json.JsonSerializer.Deserialize<RecommendationDocument>(current.DocumentJson, StudySpecJson.Options);

    private static async Task<Results<Ok<IReadOnlyList<ProgressPoint>>, ProblemHttpResult>> ProgressAsync(Guid id, StudyLedger ledger, CancellationToken ct)
    {
        var study = await ledger.FindStudyAsync(id, ct);
        if (study is null) return ApiProblems.StudyNotFound(id);
        var spec = StudySpecJson.Deserialize(study.Spec);
        var runs = (await ledger.RunsAsync(id, ct)).Where(r => r.State == RunState.Succeeded && r.Objective is not null)
            .OrderBy(r => r.FinishedAt).ThenBy(r => r.Ordinal).ToList();
        var points = new List<ProgressPoint>(runs.Count);
        double cost = 0, best = double.NaN;
        foreach (var r in runs)
        {
            cost += r.Cost ?? 0;
            if (double.IsNaN(best) || spec.Objective.IsBetter(r.Objective!.Value, best)) best = r.Objective!.Value;
            points.Add(new ProgressPoint(points.Count, r.Id, r.Ordinal, r.Fidelity, cost, r.Objective!.Value, best));
        }
        return TypedResults.Ok<IReadOnlyList<ProgressPoint>>(points);
    }
}

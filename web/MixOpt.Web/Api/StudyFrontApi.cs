using Microsoft.AspNetCore.Http.HttpResults;
using MixOpt.Web.Application;

namespace MixOpt.Web.Api;

/// <summary><c>GET /api/studies/{id}/front</c>: the study's Pareto front as JSON, or as CSV with <c>format=csv</c>.</summary>
public static class StudyFrontApi
{
    public static readonly IReadOnlyList<string> Formats = ["json", "csv"];

    public static RouteHandlerBuilder MapStudyFront(this RouteGroupBuilder studies) =>
        studies.MapGet("/{id:guid}/front", GetFront)
            .WithSummary("Get a study's Pareto front")
            .WithDescription("Every succeeded target-rung run scored on each of the study's objectives, split into the non-dominated runs (front) and the rest (dominated). format=csv gives one row per run (run, ordinal, front 0/1, w:<domain>, m:<metric>). 404 when there is no such study; 400 for another format.");

    private static async Task<Results<Ok<StudyFrontView>, ContentHttpResult, ProblemHttpResult>> GetFront(Guid id, StudyFronts fronts, CancellationToken ct, string format = "json")
    {
        if (!Formats.Contains(format))
            return ApiProblems.BadRequest("Unknown front format", $"format must be one of {string.Join(", ", Formats)}; got '{format}'.");
        var view = await fronts.FrontAsync(id, ct);
        if (view is null) return ApiProblems.StudyNotFound(id);
        return format == "csv" ? TypedResults.Text(StudyFronts.Csv(view), "text/csv") : TypedResults.Ok(view);
    }
}

using Microsoft.AspNetCore.Http.HttpResults;

namespace MixOpt.Web.Api;

/// <summary>The problem responses the API gives, spelled once so every endpoint names problems the same way.</summary>
public static class ApiProblems
{
    public static ProblemHttpResult BadRequest(string title, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: title);

    public static ProblemHttpResult StudyNotFound(Guid id) =>
        TypedResults.Problem($"No study with id {id}.", statusCode: StatusCodes.Status404NotFound, title: "Study not found");

    public static ProblemHttpResult RunNotFound(Guid studyId, Guid runId) =>
        TypedResults.Problem($"Study {studyId} has no run {runId}.", statusCode: StatusCodes.Status404NotFound, title: "Run not found");

    public static ProblemHttpResult Conflict(string title, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: title);

    public static ProblemHttpResult TooLarge(long limit) =>
        TypedResults.Problem($"The request body is larger than this endpoint accepts ({limit} bytes).", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request body too large");

    public static ProblemHttpResult UnsupportedMediaType(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type");

    public static ValidationProblem Invalid(string title, IReadOnlyDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: title);

    public static ValidationProblem Invalid(string title, string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: title);
}

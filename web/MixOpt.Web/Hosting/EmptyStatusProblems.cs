using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace MixOpt.Web.Hosting;

/// <summary>
/// Problem details for error statuses the framework answers without a body (no such route, wrong method, a
/// Content-Type the endpoint does not accept), so they too say what is wrong.
/// </summary>
public static class EmptyStatusProblems
{
    public static async Task WriteAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var request = http.Request;
        (string Title, string? Detail) problem = http.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => ("Not Found", $"Nothing is at {request.Method} {request.Path}: check the path and that ids are GUIDs."),
            StatusCodes.Status405MethodNotAllowed => ("Method Not Allowed", $"{request.Path} does not take {request.Method}."),
            StatusCodes.Status415UnsupportedMediaType => ("Unsupported Media Type",
                $"Content-Type '{request.ContentType}' is not accepted here: send JSON (application/json); studies also accept YAML (application/yaml) and imports CSV (text/csv)."),
            var status => (ReasonPhrases.GetReasonPhrase(status), (string?)null),
        };
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = http.Response.StatusCode, Title = problem.Title, Detail = problem.Detail },
        });
    }
}

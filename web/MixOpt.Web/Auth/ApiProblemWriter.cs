using Microsoft.AspNetCore.Mvc;

namespace MixOpt.Web.Auth;

/// <summary>Writes a problem response from middleware and handlers (outside endpoint results).</summary>
public static class ApiProblemWriter
{
    public static async Task WriteAsync(IProblemDetailsService problems, HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}

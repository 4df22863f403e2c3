using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;

namespace MixOpt.Web.Auth;

/// <summary>
/// Turns a refused authorization into problem details that name the missing scope (403), instead of an empty
/// response; challenges go to the scheme (401 problem for API callers, the login page for browsers).
/// </summary>
public sealed class ScopeAuthorizationResultHandler(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Forbidden && context.Request.Path.StartsWithSegments("/api"))
        {
            var needed = result.AuthorizationFailure?.FailedRequirements.OfType<ClaimsAuthorizationRequirement>()
                .SelectMany(r => r.AllowedValues ?? []).Distinct().ToList() ?? [];
            var detail = needed.Count > 0
                ? $"This API key lacks the '{string.Join("' or '", needed)}' scope this endpoint needs."
                : "This API key may not do this.";
            await ApiProblemWriter.WriteAsync(problems, context, StatusCodes.Status403Forbidden, "Forbidden", detail);
            return;
        }
        await _default.HandleAsync(next, context, policy, result);
    }
}

using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using MixOpt.Web.Application;

namespace MixOpt.Web.Auth;

/// <summary>
/// Authenticates <c>X-Api-Key: &lt;key&gt;</c> or <c>Authorization: Bearer &lt;key&gt;</c>. A request without a key is
/// anonymous (the fallback policy then challenges it); a bad key fails with the reason, and the challenge answers
/// 401 with problem details naming it.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiKeyValidator validator, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string HeaderName = "X-Api-Key";
    private const string FailureItem = "mixopt:auth-failure";

    /// <summary>True when the request carries a key in either header (the scheme selector asks this).</summary>
    public static bool HasKey(HttpRequest request) =>
        request.Headers.ContainsKey(HeaderName) ||
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? key = Request.Headers[HeaderName];
        if (string.IsNullOrEmpty(key))
        {
            var authorization = Request.Headers.Authorization.ToString();
            if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) key = authorization["Bearer ".Length..].Trim();
        }
        if (string.IsNullOrEmpty(key)) return AuthenticateResult.NoResult();
        var (identity, problem) = await validator.ValidateAsync(key.Trim(), Context.RequestAborted);
        if (identity is null)
        {
            Context.Items[FailureItem] = problem;
            return AuthenticateResult.Fail(problem!);
        }
        return AuthenticateResult.Success(new AuthenticationTicket(identity.ToPrincipal(Scheme.Name), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var detail = Context.Items[FailureItem] as string
            ?? $"This endpoint needs an API key: send it as '{HeaderName}: <key>' or 'Authorization: Bearer <key>'.";
        Response.Headers.WWWAuthenticate = "ApiKey";
        return ApiProblemWriter.WriteAsync(problems, Context, StatusCodes.Status401Unauthorized, "API key required", detail);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblemWriter.WriteAsync(problems, Context, StatusCodes.Status403Forbidden, "Forbidden", "This API key lacks the scope this endpoint needs.");
}

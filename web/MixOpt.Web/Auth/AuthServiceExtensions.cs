using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using MixOpt.Backend;
using MixOpt.Web.Application;

namespace MixOpt.Web.Auth;

public static class AuthServiceExtensions
{
    /// <summary>
    /// API keys for callers, a cookie for the dashboard's signed-in user, and a FALLBACK policy that requires an
    /// authenticated caller: every endpoint is protected unless it says <c>AllowAnonymous</c>, including ones
    /// added later. Scope policies (read ⊂ write ⊂ admin) guard what a key may do.
    /// </summary>
    public static WebApplicationBuilder AddMixOptAuth(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedSettings<AuthOptions, AuthOptionsValidator>(AuthOptions.Section);
        services.AddSingleton<ApiKeyValidator>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ScopeAuthorizationResultHandler>();
        // The session's length comes from the validated settings when the cookie scheme's options are built.
        services.AddOptions<CookieAuthenticationOptions>(AuthSchemes.Cookie)
            .Configure<IOptions<AuthOptions>>((cookie, auth) => cookie.ExpireTimeSpan = auth.Value.SessionDuration);

        services.AddAuthentication(AuthSchemes.Selector)
            .AddPolicyScheme(AuthSchemes.Selector, "API key or dashboard cookie", o =>
                o.ForwardDefaultSelector = context => ApiKeyAuthenticationHandler.HasKey(context.Request) ? AuthSchemes.ApiKey : AuthSchemes.Cookie)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(AuthSchemes.ApiKey, _ => { })
            .AddCookie(AuthSchemes.Cookie, o =>
            {
                o.LoginPath = LoginEndpoints.LoginPath;
                o.Cookie.Name = "mixopt.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.SlidingExpiration = true;
                o.Events = new CookieAuthenticationEvents
                {
                    // The API answers problems, never redirects to a page.
                    OnRedirectToLogin = c => c.Request.Path.StartsWithSegments("/api")
                        ? ApiProblemWriter.WriteAsync(c.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>(), c.HttpContext,
                            StatusCodes.Status401Unauthorized, "API key required",
                            $"This endpoint needs an API key: send it as '{ApiKeyAuthenticationHandler.HeaderName}: <key>' or 'Authorization: Bearer <key>'.")
                        : Redirect(c),
                    OnRedirectToAccessDenied = c => ApiProblemWriter.WriteAsync(c.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>(),
                        c.HttpContext, StatusCodes.Status403Forbidden, "Forbidden", "The signed-in key may not do this."),
                    // A session ends when its key is revoked.
                    OnValidatePrincipal = async c =>
                    {
                        var keyId = c.Principal is null ? null : ApiKeyIdentity.KeyIdOf(c.Principal);
                        var validator = c.HttpContext.RequestServices.GetRequiredService<ApiKeyValidator>();
                        if (keyId is null || !await validator.IsActiveAsync(keyId, c.HttpContext.RequestAborted))
                        {
                            c.RejectPrincipal();
                            await c.HttpContext.SignOutAsync(AuthSchemes.Cookie);
                        }
                    },
                };
            });

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(ScopePolicies.Read, p => p.RequireAuthenticatedUser().RequireClaim(ApiKeyIdentity.ScopeClaim, KeyScopes.Read))
            .AddPolicy(ScopePolicies.Write, p => p.RequireAuthenticatedUser().RequireClaim(ApiKeyIdentity.ScopeClaim, KeyScopes.Write))
            .AddPolicy(ScopePolicies.Admin, p => p.RequireAuthenticatedUser().RequireClaim(ApiKeyIdentity.ScopeClaim, KeyScopes.Admin));
        return builder;
    }

    private static Task Redirect(RedirectContext<CookieAuthenticationOptions> c)
    {
        c.Response.Redirect(c.RedirectUri);
        return Task.CompletedTask;
    }
}

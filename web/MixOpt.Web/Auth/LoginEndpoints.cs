using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using MixOpt.Web.Application;

namespace MixOpt.Web.Auth;

/// <summary>
/// The dashboard's sign-in: a plain HTML page where a person pastes an API key; a valid key becomes a session
/// cookie carrying the key's id and scopes (checked again while the session lives). Anonymous by necessity.
/// </summary>
public static class LoginEndpoints
{
    public const string LoginPath = "/login";

    public static IEndpointRouteBuilder MapLogin(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(LoginPath, (HttpContext context, IAntiforgery antiforgery, string? returnUrl) =>
                Page(context, antiforgery, returnUrl, error: null))
            .AllowAnonymous().ExcludeFromDescription();
        routes.MapPost(LoginPath, SignInAsync).AllowAnonymous().ExcludeFromDescription().DisableAntiforgery();
        routes.MapPost("/logout", async (HttpContext context) =>
            {
                await context.SignOutAsync(AuthSchemes.Cookie);
                return Results.Redirect(LoginPath);
            })
            .ExcludeFromDescription().DisableAntiforgery();
        return routes;
    }

    private static async Task<IResult> SignInAsync(HttpContext context, IAntiforgery antiforgery, ApiKeyValidator validator)
    {
        // Validated by hand so a stale form gets the page again with a message, not a bare 400.
        if (!await antiforgery.IsRequestValidAsync(context))
            return Page(context, antiforgery, null, "The form expired; please try again.", StatusCodes.Status400BadRequest);
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var key = form["apiKey"].ToString().Trim();
        var returnUrl = form["returnUrl"].ToString();
        var (identity, problem) = key.Length == 0 ? (null, "Paste an API key.") : await validator.ValidateAsync(key, context.RequestAborted);
        if (identity is null) return Page(context, antiforgery, returnUrl, problem, StatusCodes.Status401Unauthorized);
        await context.SignInAsync(AuthSchemes.Cookie, identity.ToPrincipal(AuthSchemes.Cookie));
        // Only local paths: an open redirect would let a link send a signed-in user anywhere.
        return Results.LocalRedirect(ReturnUrls.Safe(returnUrl));
    }

    private static IResult Page(HttpContext context, IAntiforgery antiforgery, string? returnUrl, string? error, int status = StatusCodes.Status200OK)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var message = error is null ? "" : $"<p id=\"login-error\" style=\"color:#b00020\">{WebUtility.HtmlEncode(error)}</p>";
        var html = $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>MixOpt · sign in</title>
            <style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}input{width:100%;padding:.5rem;margin:.5rem 0}button{padding:.5rem 1.5rem}</style>
            </head><body>
            <h1>MixOpt</h1>
            <p>Sign in with an API key (<code>mixopt keys create --name you --scope read</code>).</p>
            {{message}}
            <form method="post" action="{{LoginPath}}">
              <input type="hidden" name="{{tokens.FormFieldName}}" value="{{WebUtility.HtmlEncode(tokens.RequestToken)}}">
              <input type="hidden" name="returnUrl" value="{{WebUtility.HtmlEncode(returnUrl ?? "/")}}">
              <label for="apiKey">API key</label>
              <input id="apiKey" name="apiKey" type="password" autocomplete="off" autofocus>
              <button id="sign-in" type="submit">Sign in</button>
            </form>
            </body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }
}

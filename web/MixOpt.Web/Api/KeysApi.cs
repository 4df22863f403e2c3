using Microsoft.AspNetCore.Http.HttpResults;
using MixOpt.Web.Application;
using MixOpt.Web.Auth;

namespace MixOpt.Web.Api;

public sealed record KeyCreateRequest
{
    public string? Name { get; init; }
    public IReadOnlyList<string>? Scopes { get; init; }
}

/// <summary>A key as listed: never its secret.</summary>
public sealed record KeyView(string Id, string Name, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>A new key: <see cref="Key"/> is shown this once and cannot be read back.</summary>
public sealed record KeyCreatedView(string Id, string Name, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, string Key);

/// <summary>API key administration (admin scope): create (the key is shown once), list, revoke.</summary>
public static class KeysApi
{
    public static IEndpointRouteBuilder MapKeysApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/keys").WithTags("API keys").RequireAuthorization(ScopePolicies.Admin);
        api.MapPost("/", CreateAsync)
            .WithSummary("Create an API key")
            .WithDescription("Creates a key with a name and scopes (read, write, admin; admin includes write, write includes read). The response carries the key itself, shown this once: only its SHA-256 hash is stored.")
            .Accepts<KeyCreateRequest>("application/json")
            .ApiExample(request: """{"name": "trainer-cluster-a", "scopes": ["write"]}""",
                response: """{"id": "3f9a0c1b2d4e", "name": "trainer-cluster-a", "scopes": ["write"], "createdAt": "2025-01-01T12:00:00+00:00", "key": "mxo_3f9a0c1b2d4e_Vt3..."}""");
        api.MapGet("/", ListAsync)
            .WithSummary("List API keys")
            .WithDescription("Every key with its id, name, scopes, creation and revocation time; never a secret.");
        api.MapDelete("/{keyId}", RevokeAsync)
            .WithSummary("Revoke an API key")
            .WithDescription("Revokes the key at once on this host (within Auth:KeyCacheDuration on others); its dashboard sessions end too. 404 when there is no such active key.");
        return routes;
    }

    private static async Task<Results<Created<KeyCreatedView>, ProblemHttpResult, ValidationProblem>> CreateAsync(HttpRequest request, ApiKeyAdministration keys, CancellationToken ct)
    {
        var (body, _, problem) = await RequestBody.ReadJsonAsync<KeyCreateRequest>(request, ct);
        if (problem is not null) return problem;
        try
        {
            var created = await keys.CreateAsync(body!.Name ?? "", body.Scopes ?? [], ct);
            return TypedResults.Created($"/api/keys/{created.Id}", created);
        }
        catch (ArgumentException e)
        {
            return ApiProblems.Invalid("The key request is invalid", e.Message.Contains("scope") ? "scopes" : "name", e.Message);
        }
    }

    private static async Task<Ok<IReadOnlyList<KeyView>>> ListAsync(ApiKeyAdministration keys, CancellationToken ct) =>
        TypedResults.Ok(await keys.ListAsync(ct));

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(string keyId, ApiKeyAdministration keys, CancellationToken ct) =>
        await keys.RevokeAsync(keyId, ct)
            ? TypedResults.NoContent()
            : TypedResults.Problem($"No active API key with id '{keyId}'.", statusCode: StatusCodes.Status404NotFound, title: "Key not found");
}

using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MixOpt.Web.Api;

/// <summary>OpenAPI details the endpoint metadata cannot say by itself: request/response examples, the API-key scheme and the error responses.</summary>
public static class ApiDocs
{
    /// <summary>Adds a JSON example of the request body and/or the success response to the endpoint's operation.</summary>
    public static RouteHandlerBuilder ApiExample(this RouteHandlerBuilder builder, string? request = null, string? response = null) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (request is not null && operation.RequestBody?.Content is { } content)
                foreach (var (type, media) in content)
                    if (type.Contains("json", StringComparison.Ordinal)) media.Example = JsonNode.Parse(request);
            if (response is not null && operation.Responses is { } responses)
                foreach (var (code, r) in responses)
                    if (code.StartsWith('2') && r.Content is { } body)
                        foreach (var (type, media) in body)
                            if (type.Contains("json", StringComparison.Ordinal)) media.Example = JsonNode.Parse(response);
            return Task.CompletedTask;
        });

    /// <summary>
    /// Declares the X-Api-Key scheme, requires it on every /api operation, and documents the problem responses every
    /// protected operation can give (401, 403, 413, 429) besides its own.
    /// </summary>
    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "MixOpt API";
            document.Info.Description = "Data-mixture optimization: submit studies, lease runs to your own trainers (ask/tell), report results, read recommendations. Every endpoint needs an API key (header X-Api-Key, or Authorization: Bearer) with the scope it names: read, write or admin.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["ApiKey"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "X-Api-Key",
                Description = "An API key (mxo_<id>_<secret>) from `mixopt keys create` or POST /api/keys.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            if (context.Description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) != true) return Task.CompletedTask;
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("ApiKey", context.Document)] = [] });
            operation.Responses ??= new OpenApiResponses();
            foreach (var (code, what) in new[]
            {
                ("400", "Bad input: problem details naming each bad field."),
                ("401", "No API key, or not a valid one."),
                ("403", "The key lacks the scope this endpoint needs."),
                ("429", "Too many requests for this key; see Retry-After."),
            })
                operation.Responses.TryAdd(code, new OpenApiResponse { Description = what });
            return Task.CompletedTask;
        });
    }
}

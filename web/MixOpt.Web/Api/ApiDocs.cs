using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MixOpt.Web.Api;

/// <summary>
/// OpenAPI details the endpoint metadata cannot say by itself: request/response examples, the API-key scheme, the
/// error responses, every operation's operationId and every tag's description (what client generators and linters
/// need).
/// </summary>
public static class ApiDocs
{
    /// <summary>
    /// What each tag's operations are for; a tag missing here still gets a description, saying so, so a new group of
    /// endpoints never leaves the document without one (add its line here).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> TagDescriptions = new Dictionary<string, string>
    {
        ["Studies"] = "Submit a study spec, list and read studies, change their budget, pause, resume, cancel or delete them.",
        ["Ask/tell runs"] = "For your own trainers: lease the next run, heartbeat while it trains, report its result or failure, record runs made before.",
        ["Recommendations and reports"] = "What a study recommends at the target fidelity, how its surrogates cross-validate, and its best objective against cost.",
        ["Import and export"] = "A study's finished runs as a run table (CSV, JSON, RegMix layout), and runs made elsewhere as warm-start observations.",
        ["API keys"] = "Create, list and revoke API keys (admin scope).",
        ["Cluster"] = "The silos of the cluster with their slots and busy runs, and cancelling one run.",
        ["Campaigns"] = "Campaigns: groups of studies run and compared together.",
    };

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
            operation.OperationId ??= OperationId(context.Description);
            return Task.CompletedTask;
        });
        options.AddDocumentTransformer((document, _, _) =>
        {
            DescribeTags(document);
            // The server URL comes from the request ("http://host:port/"); linters want it without the trailing '/'.
            foreach (var server in document.Servers ?? [])
                if (server.Url is { Length: > 1 } url && url.EndsWith('/')) server.Url = url.TrimEnd('/');
            return Task.CompletedTask;
        });
        options.AddSchemaTransformer((schema, context, _) =>
        {
            NumbersAsNumbers(schema, context.JsonTypeInfo.Type);
            NumberMaps(schema, context.JsonTypeInfo.Type);
            EnumsAsStrings(schema, context.JsonTypeInfo.Type);
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

    /// <summary>
    /// An endpoint's operationId: its name when it has one (<c>WithName</c>), else <c>{Group}_{Handler}</c> from the
    /// handler method, e.g. <c>Studies_CreateStudy</c> for <c>StudiesApi.CreateStudy</c>, <c>Runs_Lease</c> for
    /// <c>RunsApi.LeaseAsync</c>. Unique because a class has one method of a name; stable because it changes only
    /// when the code is renamed; and the <c>_</c> lets generators (NSwag) make one client class per group. A lambda
    /// handler has no usable name: it gets <c>{Group}_{Verb}{Path}</c> from its route.
    /// </summary>
    public static string OperationId(ApiDescription description)
    {
        var handler = description.ActionDescriptor.EndpointMetadata.OfType<MethodInfo>().FirstOrDefault();
        var group = handler?.DeclaringType is { } type ? Group(type) : "Api";
        if (handler is not null && !handler.Name.Contains('<') && !handler.Name.Contains('>'))
            return $"{group}_{Trim(handler.Name, "Async")}";
        var verb = (description.HttpMethod ?? "Get").ToLowerInvariant();
        var words = (description.RelativePath ?? "")
            .Split(['/', ':', '-', '.'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w != "api" && !w.StartsWith('{'))
            .Select(w => char.ToUpperInvariant(w[0]) + w[1..]);
        return $"{group}_{char.ToUpperInvariant(verb[0])}{verb[1..]}{string.Concat(words)}";
    }

    // The static class that maps the endpoints (StudiesApi), or the type a lambda closes over (nested in it).
    private static string Group(Type type)
    {
        while (type.IsNested && type.Name.Contains('<')) type = type.DeclaringType!;
        var name = Trim(Trim(type.Name, "Endpoints"), "Api");
        return name.Length == 0 ? "Api" : name;
    }

    private static string Trim(string name, string suffix) =>
        name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.Ordinal) ? name[..^suffix.Length] : name;

    /// <summary>Declares every tag the operations use, with its description (<see cref="TagDescriptions"/>), in name order.</summary>
    private static void DescribeTags(OpenApiDocument document)
    {
        var used = (document.Paths ?? new OpenApiPaths()).Values
            .SelectMany(p => p.Operations?.Values.AsEnumerable() ?? [])
            .SelectMany(o => o.Tags ?? new HashSet<OpenApiTagReference>())
            .Select(t => t.Name)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        document.Tags ??= new HashSet<OpenApiTag>();
        foreach (var name in used)
        {
            var description = TagDescriptions.TryGetValue(name, out var d) ? d : $"Endpoints tagged {name} (no description yet: add one to ApiDocs.TagDescriptions).";
            var existing = document.Tags.FirstOrDefault(t => t.Name == name);
            if (existing is null) document.Tags.Add(new OpenApiTag { Name = name, Description = description });
            else existing.Description ??= description;
        }
    }

    /// <summary>
    /// Numbers are documented as numbers. The web JSON defaults also read numbers written as strings, so the
    /// generator describes an int as <c>["integer", "string"]</c> with a digits pattern, and a double read through
    /// <see cref="FiniteDoubleConverter"/> gets no type at all; client generators then make them <c>object</c>.
    /// MixOpt writes plain JSON numbers, and clients should send them.
    /// </summary>
    private static void NumbersAsNumbers(IOpenApiSchema candidate, Type clrType)
    {
        if (candidate is not OpenApiSchema schema) return;
        var nullable = (schema.Type is { } t && t.HasFlag(JsonSchemaType.Null)) || Nullable.GetUnderlyingType(clrType) is not null
            ? JsonSchemaType.Null
            : 0;
        if (schema.Type is { } type && type.HasFlag(JsonSchemaType.String)
            && (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number)))
        {
            schema.Type = (type.HasFlag(JsonSchemaType.Integer) ? JsonSchemaType.Integer : JsonSchemaType.Number) | nullable;
            schema.Pattern = null;
        }
        else if (schema.Type is null && schema.Format is "double" or "float")
        {
            schema.Type = JsonSchemaType.Number | nullable;
        }
        // A list of doubles (a loss curve): its items get no type either.
        if (schema.Items is OpenApiSchema { Type: null } items
            && clrType.GetInterfaces().Append(clrType).Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>) && i.GetGenericArguments()[0] == typeof(double)))
        {
            items.Type = JsonSchemaType.Number;
            items.Format = "double";
        }
    }

    /// <summary>
    /// A mixture or a metric map (<c>IReadOnlyDictionary&lt;string, double&gt;</c>) is an object of numbers. The
    /// generator leaves its value schema out (the double converter's schema is empty), which generators read as
    /// "any object"; saying <c>additionalProperties: number</c> gives clients a typed dictionary.
    /// </summary>
    private static void NumberMaps(IOpenApiSchema candidate, Type type)
    {
        if (candidate is not OpenApiSchema schema || schema.AdditionalProperties is not null) return;
        var map = type.IsGenericType && type.GetGenericArguments() is [var key, var value] && key == typeof(string)
                  && (value == typeof(double) || value == typeof(double?))
                  && type.GetInterfaces().Append(type).Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>));
        if (map) schema.AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Number, Format = "double" };
    }

    /// <summary>
    /// Enums travel as their names (the API's JSON options convert them to strings), but their schema lists the
    /// names without a type; generators then make integer enums that cannot read "Running". Say it is a string.
    /// </summary>
    private static void EnumsAsStrings(IOpenApiSchema candidate, Type type)
    {
        if (candidate is not OpenApiSchema { Type: null, Enum.Count: > 0 } schema) return;
        if ((Nullable.GetUnderlyingType(type) ?? type).IsEnum) schema.Type = JsonSchemaType.String;
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using MixOpt.IntegrationTests.Support;
using MixOpt.Testing;

namespace MixOpt.IntegrationTests.Fuzz;

/// <summary>
/// The fuzz's study bodies reach issue 20's spec members: generated from the service's own OpenAPI document with the
/// fuzz's seed, some bodies of <c>POST /api/studies</c> carry groups with domains, several objectives, a trade-off's
/// weights and constraints, QuaDMix weights, and olmix with its own options (read only under that strategy). If the
/// schema lost a member, or the generator stopped naming olmix, the fuzz would no longer test their validation.
/// </summary>
[Collection(ServiceTestCollection.Name)]
public sealed class FuzzReachTests
{
    private static readonly string[] Members =
        ["groups", "objectives", "tradeOff.weights", "tradeOff.constraints", "groupWeights: quadmix", "olmix: klWeight", "olmix: metricWeights"];

    [Fact]
    public async Task Generated_study_bodies_reach_groups_objectives_trade_offs_quadmix_and_olmix_options()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var host = await MixOptTestHost.StartAsync(db);
        using var document = JsonDocument.Parse(await host.Http.GetStringAsync("/openapi/v1.json"));
        var create = ApiFuzzTests.Operations(document.RootElement).Single(o => o.Method == "POST" && o.Path == "/api/studies");
        var values = new SchemaValues(document.RootElement, new Random(ApiFuzzTests.DefaultSeed), new Fixture(Guid.Empty, Guid.Empty, Guid.Empty, "key"));

        var reached = new SortedSet<string>();
        for (var i = 0; i < 2000; i++)
            if (Parse(values.Request(create).Body) is { } spec) Reached(spec, reached);

        Assert.Equal(Members.Order(), reached);
    }

    private static void Reached(JsonObject spec, ISet<string> reached)
    {
        if (spec["groups"] is JsonArray groups && groups.Any(g => g is JsonObject { } group && group["domains"] is JsonArray { Count: > 0 })) reached.Add("groups");
        if (spec["objectives"] is JsonArray { Count: >= 2 }) reached.Add("objectives");
        if (spec["tradeOff"] is JsonObject tradeOff)
        {
            if (tradeOff["weights"] is JsonObject { Count: > 0 }) reached.Add("tradeOff.weights");
            if (tradeOff["constraints"] is JsonArray { Count: > 0 }) reached.Add("tradeOff.constraints");
        }
        if (Text(spec["groupWeights"]) == "quadmix") reached.Add("groupWeights: quadmix");
        if (Text(spec["strategy"]) == "olmix" && spec["strategyOptions"] is JsonObject options)
        {
            if (options["klWeight"] is JsonValue) reached.Add("olmix: klWeight");
            if (options["metricWeights"] is JsonArray) reached.Add("olmix: metricWeights");
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static JsonObject? Parse(byte[]? body)
    {
        if (body is null) return null;
        try { return JsonNode.Parse(body) as JsonObject; }
        catch (Exception e) when (e is JsonException or ArgumentException) { return null; } // mutated into something that is not JSON
    }
}

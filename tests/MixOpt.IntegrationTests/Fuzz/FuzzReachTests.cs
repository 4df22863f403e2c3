using System.Text.Json;
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
            if (Parse(values.Request(create).Body) is { } body)
                using (body)
                    if (body.RootElement.ValueKind == JsonValueKind.Object) Reached(body.RootElement, reached);

        Assert.Equal(Members.Order(), reached);
    }

    private static void Reached(JsonElement spec, ISet<string> reached)
    {
        if (Member(spec, "groups", JsonValueKind.Array) is { } groups
            && groups.EnumerateArray().Any(g => Member(g, "domains", JsonValueKind.Array) is { } d && d.GetArrayLength() > 0)) reached.Add("groups");
        if (Member(spec, "objectives", JsonValueKind.Array) is { } objectives && objectives.GetArrayLength() >= 2) reached.Add("objectives");
        if (Member(spec, "tradeOff", JsonValueKind.Object) is { } tradeOff)
        {
            if (Member(tradeOff, "weights", JsonValueKind.Object) is { } w && w.EnumerateObject().Any()) reached.Add("tradeOff.weights");
            if (Member(tradeOff, "constraints", JsonValueKind.Array) is { } c && c.GetArrayLength() > 0) reached.Add("tradeOff.constraints");
        }
        if (Member(spec, "groupWeights", JsonValueKind.String)?.GetString() == "quadmix") reached.Add("groupWeights: quadmix");
        if (Member(spec, "strategy", JsonValueKind.String)?.GetString() == "olmix" && Member(spec, "strategyOptions", JsonValueKind.Object) is { } options)
        {
            if (Member(options, "klWeight", JsonValueKind.Number) is not null) reached.Add("olmix: klWeight");
            if (Member(options, "metricWeights", JsonValueKind.Array) is not null) reached.Add("olmix: metricWeights");
        }
    }

    /// <summary>The member of that kind, or null (JsonDocument keeps repeated keys, as a mutation may write them; the last one wins).</summary>
    private static JsonElement? Member(JsonElement element, string name, JsonValueKind kind) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == kind ? value : null;

    private static JsonDocument? Parse(byte[]? body)
    {
        if (body is null) return null;
        try { return JsonDocument.Parse(body); }
        catch (JsonException) { return null; } // mutated into something that is not JSON
    }
}

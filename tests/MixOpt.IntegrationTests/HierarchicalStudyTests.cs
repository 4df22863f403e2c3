using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MixOpt.Core.Studies;
using MixOpt.IntegrationTests.Support;
using MixOpt.Testing;
using MixOpt.Web.Api;

namespace MixOpt.IntegrationTests;

/// <summary>A hierarchical study (quality buckets grouped per domain) through REST, Orleans and the ledger; bad groups are 400s that write nothing.</summary>
[Collection(ServiceTestCollection.Name)]
public sealed class HierarchicalStudyTests : EmbeddedHostTests
{
    private const string Buckets = """[{"name":"code/q1","tokens":100},{"name":"code/q2","tokens":100},{"name":"web/q1","tokens":100},{"name":"web/q2","tokens":100}]""";

    public static TheoryData<string, string, string> Bodies => new()
    {
        { "a domain in no group", $$$"""{"name":"x","domains":{{{Buckets}}},"budget":{"runs":4},"groups":[{"name":"code","domains":["code/q1","code/q2"]}]}""", "groups" },
        { "a domain in two groups", $$$"""{"name":"x","domains":{{{Buckets}}},"budget":{"runs":4},"groups":[{"name":"code","domains":["code/q1","code/q2"]},{"name":"web","domains":["web/q1","web/q2","code/q1"]}]}""", "groups[1].domains[2]" },
        { "buckets without token counts", """{"name":"x","domains":[{"name":"code/q1"},{"name":"code/q2"}],"budget":{"runs":4},"groups":[{"name":"code","domains":["code/q1","code/q2"]}]}""", "domains" },
        { "impossible group bounds", $$$"""{"name":"x","domains":{{{Buckets}}},"budget":{"runs":4},"groups":[{"name":"code","domains":["code/q1","code/q2"],"min":0.7},{"name":"web","domains":["web/q1","web/q2"],"min":0.7}]}""", "groups" },
        { "unknown weighting", $$$"""{"name":"x","domains":{{{Buckets}}},"budget":{"runs":4},"groupWeights":"magic","groups":[{"name":"code","domains":["code/q1","code/q2"]},{"name":"web","domains":["web/q1","web/q2"]}]}""", "groupWeights" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Bad_groups_get_a_validation_problem_naming_the_field_and_write_nothing(string why, string body, string field)
    {
        var before = await Db.CountAsync("SELECT count(*) FROM studies");
        var response = await Host.Http.PostAsync("/api/studies", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: got {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"{why}: errors do not name '{field}': {errors}");
        Assert.Equal(before, await Db.CountAsync("SELECT count(*) FROM studies"));
    }

    [Fact]
    public async Task A_bucketed_study_keeps_every_run_in_its_groups_and_shows_the_recommendation_per_level()
    {
        var body = $$$"""
            {"name":"buckets","domains":{{{Buckets}}},"budget":{"runs":12,"parallelism":4},"strategy":"random","seed":5,
             "groups":[{"name":"code","domains":["code/q1","code/q2"],"max":0.4,"shareMin":{"code/q2":0.6}},{"name":"web","domains":["web/q1","web/q2"]}]}
            """;
        var response = await Host.Http.PostAsync("/api/studies", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<StudyDetailsView>(Json.Options))!;
        var study = await Host.WaitUntilFinishedAsync(created.Id);
        Assert.Equal(StudyStatus.Completed, study.Status);
        Assert.Equal(12, study.Runs.Count);
        foreach (var run in study.Runs)
        {
            var code = run.Mixture["code/q1"] + run.Mixture["code/q2"];
            Assert.True(code <= 0.4 + 1e-9, $"code total {code}");
            Assert.True(run.Mixture["code/q2"] >= 0.6 * code - 1e-9, $"code/q2 share {run.Mixture["code/q2"] / code}");
        }

        var levels = study.Recommendation!.Levels!;
        Assert.Equal(["code", "web"], levels.Select(l => l.Group));
        Assert.Equal(1.0, levels.Sum(l => l.Total), 9);
        Assert.Equal(study.Recommendation.Mixture["code/q1"] + study.Recommendation.Mixture["code/q2"], levels[0].Total, 9);
        Assert.All(levels, l => Assert.Equal(1.0, l.Shares.Values.Sum(), 9));

        var recommendation = await Host.GetJsonAsync<RecommendationView>($"/api/studies/{created.Id}/recommendation");
        Assert.Equal(levels.Select(l => l.Total), recommendation.Levels!.Select(l => l.Total));
    }
}

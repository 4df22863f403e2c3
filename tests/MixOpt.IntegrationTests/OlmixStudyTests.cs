using System.Net;
using System.Net.Http.Json;
using System.Text;
using MixOpt.Core.Studies;
using MixOpt.IntegrationTests.Support;
using MixOpt.Testing;
using MixOpt.Web.Api;

namespace MixOpt.IntegrationTests;

/// <summary>Strategy olmix through REST, Orleans and the ledger (issue 20 part 3): a study finishes on it; bad options are a 400 and write nothing.</summary>
[Collection(ServiceTestCollection.Name)]
public sealed class OlmixStudyTests
{
    private static StringContent Body(string options) => new($$$"""
        {"name":"olmix","domains":[{"name":"web","tokens":5000000},{"name":"code","tokens":3000000},{"name":"books","tokens":2000000}],
         "budget":{"runs":12,"parallelism":4},"strategy":"olmix","seed":4,"strategyOptions":{{{options}}},"simulator":{"runSeconds":0.02}}
        """, Encoding.UTF8, "application/json");

    [Fact]
    public async Task An_olmix_study_finishes_with_the_exact_optimum_as_its_recommendation()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var host = await MixOptTestHost.StartAsync(db);
        var response = await host.Http.PostAsync("/api/studies", Body("""{"initialDesign":6,"klWeight":0.1}"""));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<StudyDetailsView>(Json.Options))!;
        Assert.Equal(0.1, created.Spec.StrategyOptions!.KlWeight);
        var study = await host.WaitUntilFinishedAsync(created.Id);
        Assert.Equal(StudyStatus.Completed, study.Status);
        Assert.Equal(12, study.Runs.Count);
        Assert.StartsWith("olmix", study.Recommendation!.Basis);
        Assert.Equal(1.0, study.Recommendation.Mixture.Values.Sum(), 9);
    }

    [Theory]
    [InlineData("""{"klWeight":-1}""", "strategyOptions.klWeight")]
    [InlineData("""{"klWeight":1e300}""", "strategyOptions.klWeight")]
    [InlineData("""{"metricWeights":[0.5,0.5]}""", "strategyOptions.metricWeights")]
    [InlineData("""{"topK":5}""", "strategyOptions.topK")]
    public async Task Bad_olmix_options_are_a_400_naming_the_option_and_write_nothing(string options, string key)
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var host = await MixOptTestHost.StartAsync(db);
        var response = await host.Http.PostAsync("/api/studies", Body(options));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(key, await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM studies"));
    }
}

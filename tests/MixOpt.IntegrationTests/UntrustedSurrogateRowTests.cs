using System.Text.Json;
using MixOpt.Core.Mixtures;
using MixOpt.Core.Strategies;
using MixOpt.Core.Studies;
using MixOpt.Grains.Studies;
using MixOpt.Ledger;
using MixOpt.Ledger.Rows;

namespace MixOpt.IntegrationTests;

/// <summary>
/// An untrusted surrogate's reason reaches every place the cross-validation table is shown: the ledger's document,
/// the REST body (the same document) and the .NET client's model; its figures stay empty. No services needed.
/// </summary>
public sealed class UntrustedSurrogateRowTests
{
    /// <summary>The builtin demo study's shape: 12 runs over 5 domains, too few for the mixing law's 7 parameters.</summary>
    private static (StudySpec Spec, IReadOnlyList<Observation> Runs) Demo()
    {
        var spec = new StudySpec
        {
            Name = "demo", Strategy = "random", Seed = 3,
            Domains = Enumerable.Range(0, 5).Select(i => new DomainSpec { Name = "d" + i }).ToArray(),
            Budget = new BudgetSpec { Runs = 12, Parallelism = 1 },
        };
        var random = new Random(5);
        var runs = Enumerable.Range(0, 12).Select(_ =>
        {
            var w = Mixture.Normalize(Enumerable.Range(0, 5).Select(_ => -Math.Log(1 - random.NextDouble())).ToArray());
            return new Observation(w, spec.TargetFidelity.Value, 3 + (w[0] - 0.3) * (w[0] - 0.3) + 0.01 * random.NextDouble());
        }).ToArray();
        return (spec, runs);
    }

    [Fact]
    public void The_mixing_law_row_carries_its_reason_and_no_figures_through_the_document_and_the_client()
    {
        var (spec, runs) = Demo();
        var document = StudyRecommender.Recommend(spec, new RandomDirichletProposer(), runs);
        Assert.NotNull(document?.Surrogates);
        var law = document.Surrogates.Single(s => s.Name == "mixing-law");
        Assert.Contains("per parameter", law.Untrusted);
        Assert.Null(law.Spearman);
        Assert.Null(law.Mse);
        Assert.Null(law.Coverage95);
        Assert.Contains(document.Surrogates, s => s.Untrusted is null && s.Mse is not null);

        // As stored in the ledger and served by GET /api/studies/{id}/surrogates, then read by the .NET client.
        var json = JsonSerializer.Serialize(document, StudySpecJson.Options);
        Assert.DoesNotContain("\\u0000", json);
        var stored = JsonSerializer.Deserialize<RecommendationDocument>(json, StudySpecJson.Options)!;
        Assert.Equal(law.Untrusted, stored.Surrogates!.Single(s => s.Name == "mixing-law").Untrusted);
        var table = JsonSerializer.Serialize(stored.Surrogates, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        var client = JsonSerializer.Deserialize<IReadOnlyList<MixOpt.Client.SurrogateScore>>(table, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        var row = client.Single(s => s.Name == "mixing-law");
        Assert.Equal(law.Untrusted, row.Untrusted);
        Assert.Null(row.Mse);
    }
}

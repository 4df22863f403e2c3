using MixOpt.Core.Execution;
using MixOpt.Core.Mixtures;
using MixOpt.Core.Studies;
using MixOpt.Training.Execution;
using MixOpt.Training.Merging;
using MixOpt.Training.Trainer;

namespace MixOpt.Training.Tests;

/// <summary>The builtin executor on a merged rung: per-domain models trained once, cached in the artifact store, averaged per mixture.</summary>
public class MergedRungScorerTests
{
    private const double MergedCost = 0.05;
    private const double TrainedCost = 1.5;

    private static StudySpec Study(int seed = 5, params string[] domains) => new()
    {
        Name = "merged", Executor = ExecutorNames.Builtin, Seed = seed,
        Domains = (domains.Length > 0 ? domains : ["letters", "digits"]).Select(d => new DomainSpec { Name = d }).ToArray(),
        Fidelities =
        [
            new FidelitySpec { Name = "merged", Model = "tiny", Kind = MergedRung.Kind, Value = 0.5, Cost = MergedCost },
            new FidelitySpec { Name = "tiny", Model = "tiny", Value = 1, Cost = TrainedCost },
        ],
    };

    private static readonly TorchSharpExecutorOptions Options = new() { Threads = 1, Device = "cpu", Steps = 20, SaveArtifacts = false };

    private static RunRequest Run(StudySpec study, double[] mixture, int ordinal = 1, Guid? studyId = null) =>
        new(studyId ?? Guid.NewGuid(), Guid.NewGuid(), ordinal, 1, study, Mixture.Create(mixture), 0.5);

    private static async Task<TempShards> TwoDomainsAsync()
    {
        var temp = new TempShards();
        await temp.AddPatternDomainAsync("letters", "abcdefgh", seed: 1);
        await temp.AddPatternDomainAsync("digits", "0123456789", seed: 2);
        return temp;
    }

    [Fact]
    public async Task The_first_run_trains_and_pays_for_the_per_domain_models_and_later_runs_and_studies_only_evaluate()
    {
        using var temp = await TwoDomainsAsync();
        var artifacts = new MemoryArtifactStore();
        var executor = TorchSharpExecutor.Create(Options with { ShardsPath = temp.Store.Root }, artifacts);
        var study = Study();

        var first = await executor.ExecuteAsync(Run(study, [0.7, 0.3]), CancellationToken.None);
        var sets = artifacts.Blobs.Keys.Where(k => k.EndsWith("/set.json", StringComparison.Ordinal)).ToArray();
        var second = await executor.ExecuteAsync(Run(study, [0.2, 0.8], ordinal: 2), CancellationToken.None);
        // Another study on the same corpus, shape and seed: the same set, nothing trained.
        var other = await executor.ExecuteAsync(Run(study with { Name = "again" }, [0.5, 0.5]), CancellationToken.None);

        Assert.Single(sets);
        Assert.Equal(3, artifacts.Blobs.Count); // set.json and one checkpoint per domain, and no more after two more runs
        // Charged once: the two per-domain trainings at the cost of the ladder's trained tiny rung.
        Assert.Equal(MergedCost + 2 * TrainedCost, first.Cost, 12);
        Assert.Equal(MergedCost, second.Cost, 12);
        Assert.Equal(MergedCost, other.Cost, 12);
        Assert.Empty(first.LossCurve);
        foreach (var outcome in new[] { first, second, other })
        {
            Assert.Equal(["loss:digits", "loss:letters"], outcome.Metrics.Keys.Order());
            Assert.All(outcome.Metrics.Values, v => Assert.InRange(v, 0.01, Math.Log(256) + 1));
        }
        // More weight on a domain's model gives a lower loss on that domain.
        Assert.True(first.Metrics["loss:letters"] < second.Metrics["loss:letters"]);
        Assert.True(first.Metrics["loss:digits"] > second.Metrics["loss:digits"]);
    }

    [Fact]
    public async Task A_one_hot_mixture_scores_exactly_its_domain_model()
    {
        using var temp = await TwoDomainsAsync();
        var artifacts = new MemoryArtifactStore();
        var executor = TorchSharpExecutor.Create(Options with { ShardsPath = temp.Store.Root }, artifacts);

        var outcome = await executor.ExecuteAsync(Run(Study(), [1.0, 0.0]), CancellationToken.None);

        var key = artifacts.Blobs.Keys.Single(k => k.EndsWith("/set.json", StringComparison.Ordinal)).Split('/')[1];
        var set = await new MergedModelCache(artifacts).FindAsync(key, CancellationToken.None);
        var letters = set!.Domains.Single(d => d.Domain == "letters");
        Assert.Equal(letters.ValidationLoss["letters"], outcome.Metrics["loss:letters"], 5);
        Assert.Equal(letters.ValidationLoss["digits"], outcome.Metrics["loss:digits"], 5);
    }

    [Fact]
    public async Task Another_seed_trains_its_own_set()
    {
        using var temp = await TwoDomainsAsync();
        var artifacts = new MemoryArtifactStore();
        var executor = TorchSharpExecutor.Create(Options with { ShardsPath = temp.Store.Root }, artifacts);

        var a = await executor.ExecuteAsync(Run(Study(seed: 1), [0.5, 0.5]), CancellationToken.None);
        var b = await executor.ExecuteAsync(Run(Study(seed: 2), [0.5, 0.5]), CancellationToken.None);

        Assert.Equal(2, artifacts.Blobs.Keys.Count(k => k.EndsWith("/set.json", StringComparison.Ordinal)));
        Assert.True(a.Cost > MergedCost && b.Cost > MergedCost);
    }

    [Fact]
    public async Task A_domain_whose_per_domain_training_fails_fails_every_run_of_the_rung_with_the_reason()
    {
        using var temp = new TempShards();
        await temp.AddPatternDomainAsync("letters", "abcdefgh", seed: 1);
        // Too few tokens for a whole training of one domain: the epoch cap refuses the one-hot mixture.
        await temp.AddPatternDomainAsync("scarce", "xyz", documents: 2, length: 300, seed: 3);
        var artifacts = new MemoryArtifactStore();
        var executor = TorchSharpExecutor.Create(Options with { ShardsPath = temp.Store.Root }, artifacts);
        var study = Study(seed: 77, "letters", "scarce");

        var first = await Assert.ThrowsAsync<TrainingFailedException>(() => executor.ExecuteAsync(Run(study, [0.5, 0.5]), CancellationToken.None));
        var second = await Assert.ThrowsAsync<TrainingFailedException>(() => executor.ExecuteAsync(Run(study, [0.9, 0.1], ordinal: 2), CancellationToken.None));

        Assert.Contains("'scarce'", first.Message);
        Assert.Contains("merged rung", first.Message);
        Assert.Equal(first.Message, second.Message);
        Assert.DoesNotContain(artifacts.Blobs.Keys, k => k.EndsWith("/set.json", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_trained_rung_of_the_same_shape_the_trainings_cost_their_flops_in_evaluations()
    {
        var study = Study() with { Fidelities = [new FidelitySpec { Model = "tiny", Kind = MergedRung.Kind, Value = 0.5, Cost = 0.1 }, new FidelitySpec { Model = "1M", Value = 1, Cost = 9 }] };
        var shape = Modeling.ModelLadder.Tiny;
        var cost = MergedRungCost.PerDomainTraining(study, study.Fidelities![0], shape, f => Modeling.ModelLadder.Get(f.Model!), steps: 60, evaluationSequences: 64, vocab: 256);
        // 60 steps x 256 tokens x 3 (forward + backward) over 2 domains x 64 sequences x 32 tokens, times the rung's cost.
        Assert.Equal(0.1 * 60 * 256 * 3 / (2.0 * 64 * 32), cost, 12);
    }

    [Fact]
    public async Task A_host_without_a_corpus_refuses_merged_studies_at_submit_naming_the_setting_and_other_studies_are_not_its_concern()
    {
        var executor = TorchSharpExecutor.Create(Options, new MemoryArtifactStore());

        var refusals = await executor.RefusalsAsync(Study(), CancellationToken.None);
        var trainedOnly = await executor.RefusalsAsync(Study() with { Fidelities = [Study().Fidelities![1]] }, CancellationToken.None);

        Assert.Contains("Training:ShardsPath", Assert.Single(refusals["fidelities[0].kind"]));
        Assert.Empty(trainedOnly);
    }

    [Fact]
    public async Task A_domain_without_shards_is_refused_at_submit_by_name()
    {
        using var temp = await TwoDomainsAsync();
        var executor = TorchSharpExecutor.Create(Options with { ShardsPath = temp.Store.Root }, new MemoryArtifactStore());

        var refusals = await executor.RefusalsAsync(Study(5, "letters", "books"), CancellationToken.None);

        Assert.Equal(["domains[1].name"], refusals.Keys);
        Assert.Contains("'books'", refusals["domains[1].name"][0]);
        Assert.Empty(await executor.RefusalsAsync(Study(), CancellationToken.None));
    }
}

using MixOpt.Core.InRun;
using MixOpt.Core.Mixtures;
using MixOpt.Training.Modeling;
using MixOpt.Training.Shards;
using MixOpt.Training.Trainer;

namespace MixOpt.Cli.Bench;

/// <summary>
/// Is there room above the uniform mixture at all? Per seed, trains fixed (static) mixtures with the same shape, steps,
/// initialization and data-order seed as the uniform arm: each domain up-weighted ×2 in turn, and the mixture an Aioli
/// run with this seed ends at. If Aioli's final mixture, trained statically, beats uniform while Aioli does not, the
/// cost is in the probes and rounds; if no static mixture beats uniform beyond the paired noise, neither can Aioli.
/// </summary>
public static class AioliStaticDiagnosis
{
    /// <summary>One static mixture's paired result on one seed.</summary>
    public sealed record Arm(string Name, IReadOnlyList<double> Proportions, double MeanLoss, double Difference);

    public sealed record SeedResult(int Seed, double UniformMean, double AioliMean, IReadOnlyList<Arm> Arms)
    {
        public double AioliDifference => AioliMean - UniformMean;
    }

    /// <summary>The name of the arm that trains Aioli's final proportions as a fixed mixture.</summary>
    public const string AioliFinalArm = "aioli-final-static";

    /// <summary>Domain <paramref name="domain"/> at twice the weight of each other domain: 2 / (D + 1), the others 1 / (D + 1).</summary>
    public static double[] UpWeighted(int domains, int domain)
    {
        var w = Enumerable.Repeat(1.0 / (domains + 1), domains).ToArray();
        w[domain] = 2.0 / (domains + 1);
        return w;
    }

    public static SeedResult RunSeed(IReadOnlyList<DomainShard> shards, ModelShape shape, int steps, AioliOptions options, TrainingOptions training)
    {
        training = training with { Steps = steps, KeepCheckpoint = false };
        var d = shards.Count;
        var uniform = ProxyTrainer.Train(shards, Mixture.Uniform(d), shape, training).ValidationLoss.Values.Average();
        var arms = new List<Arm>();
        for (var i = 0; i < d; i++)
        {
            var w = UpWeighted(d, i);
            var loss = ProxyTrainer.Train(shards, Mixture.Normalize(w), shape, training).ValidationLoss.Values.Average();
            arms.Add(new Arm(shards[i].Domain + " x2", w, loss, loss - uniform));
        }
        var method = new AioliMethod(Mixture.Uniform(d), steps, options, MixtureConstraints.None(d), training.Seed);
        var aioli = InRunTrainer.Train(shards, method, shape, training, steps).Training.ValidationLoss.Values.Average();
        var final = method.Current.ToArray();
        var staticLoss = ProxyTrainer.Train(shards, Mixture.Normalize(final), shape, training).ValidationLoss.Values.Average();
        arms.Add(new Arm(AioliFinalArm, final, staticLoss, staticLoss - uniform));
        return new SeedResult(training.Seed, uniform, aioli, arms);
    }
}

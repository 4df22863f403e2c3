using MixOpt.Core.InRun;
using MixOpt.Core.Mixtures;
using MixOpt.Training.Modeling;
using MixOpt.Training.Shards;
using MixOpt.Training.Trainer;

namespace MixOpt.Cli.Bench;

/// <summary>
/// Where Aioli can act, is there room? Per seed, every arm trains the uniform mixture for Aioli's warm-up steps and
/// then one fixed mixture for the rest of the budget (each domain up-weighted ×2 in turn, and uniform itself), all
/// through the in-run trainer so the arms share the warm-up exactly. These finite differences of static runs from the
/// point where Aioli's first round starts are the ground truth its probes' direction can be checked against.
/// </summary>
public static class AioliSwitchDiagnosis
{
    public sealed record SeedResult(int Seed, double UniformMean, IReadOnlyList<AioliStaticDiagnosis.Arm> Arms);

    /// <summary>Trains <see cref="Start"/> for the warm-up, then <see cref="Then"/> for the rest of the budget.</summary>
    private sealed class SwitchAfterWarmup(Mixture start, int warmup, Mixture then, int totalSteps) : IInRunMethod
    {
        private int _answered;

        public string Name => "switch-after-warmup";

        private bool _switched;

        public Mixture Current => _switched ? then : start;

        public IReadOnlyList<InRunRound> Rounds => [];

        public Mixture Recommended => then;

        public InRunSegment? Next(InRunReport report)
        {
            switch (_answered++)
            {
                case 0: return new InRunSegment(start, warmup, InRunSegment.WarmupPhase, 0);
                case 1:
                    _switched = true;
                    return new InRunSegment(then, totalSteps - warmup, InRunSegment.TrainPhase, 0);
                default: return null;
            }
        }
    }

    public static SeedResult RunSeed(IReadOnlyList<DomainShard> shards, ModelShape shape, int steps, int warmup, TrainingOptions training)
    {
        training = training with { Steps = steps, KeepCheckpoint = false };
        var d = shards.Count;
        double Train(Mixture then) =>
            InRunTrainer.Train(shards, new SwitchAfterWarmup(Mixture.Uniform(d), warmup, then, steps), shape, training, steps).Training.ValidationLoss.Values.Average();
        var uniform = Train(Mixture.Uniform(d));
        var arms = new List<AioliStaticDiagnosis.Arm>();
        for (var i = 0; i < d; i++)
        {
            var w = AioliStaticDiagnosis.UpWeighted(d, i);
            var loss = Train(Mixture.Normalize(w));
            arms.Add(new AioliStaticDiagnosis.Arm(shards[i].Domain + " x2 after warm-up", w, loss, loss - uniform));
        }
        return new SeedResult(training.Seed, uniform, arms);
    }
}

using MixOpt.Core.Studies;
using MixOpt.Training.Modeling;

namespace MixOpt.Training.Merging;

/// <summary>
/// What a merged rung charges, in the study's cost units. A run there costs the rung's <c>cost</c> (one evaluation
/// of an averaged model). The per-domain trainings are charged once, to the run that trains them: each costs what a
/// trained run of the same shape costs on the study's ladder (the cheapest such rung), or, when the ladder has none,
/// the rung's cost scaled by the FLOPs of one training over the FLOPs of one evaluation (forward only, a third of a
/// training step's per-token FLOPs).
/// </summary>
public static class MergedRungCost
{
    public static double PerDomainTraining(StudySpec study, FidelitySpec rung, ModelShape shape, Func<FidelitySpec, ModelShape> shapeOf,
        int steps, int evaluationSequences, int vocab)
    {
        var sameShape = (study.Fidelities ?? [])
            .Where(f => f is not null && !MergedRung.Is(f) && string.Equals(shapeOf(f).Name, shape.Name, StringComparison.OrdinalIgnoreCase))
            .Select(f => f.Cost).DefaultIfEmpty(double.NaN).Min();
        if (double.IsFinite(sameShape)) return sameShape;
        var trainingTokens = (double)steps * shape.TokensPerStep;
        var evaluationTokens = (double)study.Domains.Count * evaluationSequences * shape.SequenceLength;
        return rung.Cost * trainingTokens * 3.0 / Math.Max(1.0, evaluationTokens);
    }
}

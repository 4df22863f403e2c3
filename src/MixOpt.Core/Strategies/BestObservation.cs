using MixOpt.Core.Studies;

namespace MixOpt.Core.Strategies;

public static class BestObservation
{
    /// <summary>
    /// The best observation at the target fidelity (or at any fidelity if none ran there), in the objective's direction.
    /// </summary>
    public static Observation? Find(IReadOnlyList<Observation> observations, ObjectiveSpec objective, double targetFidelity = 1.0)
    {
        var atTarget = observations.Where(o => o.Fidelity >= targetFidelity).ToList();
        var pool = atTarget.Count > 0 ? atTarget : observations;
        Observation? best = null;
        foreach (var o in pool)
            if (best is null || objective.IsBetter(o.Value, best.Value)) best = o;
        return best;
    }
}

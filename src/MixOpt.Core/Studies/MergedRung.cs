namespace MixOpt.Core.Studies;

/// <summary>
/// A rung of kind <c>merged</c>: instead of training a proxy per mixture, the builtin trainer trains one proxy per
/// domain once (from one shared initialization, cached across studies of the same corpus, shape and seed) and scores
/// a mixture by the loss of the mixture-weighted average of those models' parameters. It is a cheap, approximate
/// rung; mfbo and auto learn how far it can be trusted from the data like any other rung. This class holds the
/// names and the submit-time checks of such rungs.
/// </summary>
public static class MergedRung
{
    /// <summary>The <see cref="FidelitySpec.Kind"/> of a merged rung.</summary>
    public const string Kind = "merged";

    /// <summary>The kind of an ordinary rung, whose runs each train a proxy (also what an absent kind means).</summary>
    public const string TrainedKind = "train";

    public static readonly IReadOnlyList<string> Kinds = [TrainedKind, Kind];

    public static bool Is(FidelitySpec? rung) => string.Equals(rung?.Kind, Kind, StringComparison.Ordinal);

    /// <summary>
    /// What stops a study from using its merged rungs, keyed by JSON path: merging needs the builtin trainer (the
    /// simulated oracle cannot model merging and an external trainer is not asked to), and the target rung must train
    /// the mixture itself, or the study would optimize the approximation rather than what it approximates.
    /// </summary>
    public static void Validate(StudySpec spec, Action<string, string> add)
    {
        if (spec.Fidelities is not { Count: > 0 } ladder) return;
        var target = ladder.Where(f => f is not null).MaxBy(f => f.Value);
        for (var i = 0; i < ladder.Count; i++)
        {
            var rung = ladder[i];
            if (rung?.Kind is not { } kind) continue;
            if (!Kinds.Contains(kind))
            {
                add($"fidelities[{i}].kind", $"Unknown rung kind '{kind}'; known: {string.Join(", ", Kinds)}.");
                continue;
            }
            if (kind != Kind) continue;
            if (spec.Executor != ExecutorNames.Builtin)
                add($"fidelities[{i}].kind", $"A merged rung needs the '{ExecutorNames.Builtin}' executor (it trains and averages per-domain proxies); this study's executor is '{spec.Executor}'.");
            if (ReferenceEquals(rung, target))
                add($"fidelities[{i}].kind", "The target rung (the largest value) cannot be merged: a merged rung only approximates training on the mixture, so the study needs a trained target rung above it.");
        }
    }
}

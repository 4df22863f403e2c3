using MixOpt.Core.Studies;

namespace MixOpt.Core.Strategies.Bayesian;

/// <summary>
/// The rung single-fidelity <c>bo</c> runs at (<see cref="StrategyOptions.Fidelity"/>): the target by default,
/// or a cheaper rung when a study wants RegMix's premise (optimize at a cheap proxy scale, transfer the argmin).
/// </summary>
public static class BoRung
{
    public const string Target = FidelityLadder.Target;
    public const string Cheapest = FidelityLadder.Cheapest;

    /// <summary>The rung <paramref name="choice"/> names in <paramref name="ladder"/>, or null when it names none (<see cref="FidelityLadder.Find"/>).</summary>
    public static FidelitySpec? Find(IReadOnlyList<FidelitySpec> ladder, string? choice) => FidelityLadder.Find(ladder, choice);

    /// <summary>The rung bo runs at in <paramref name="context"/>; <paramref name="choice"/> overrides the study's option.</summary>
    public static FidelitySpec Resolve(ProposalContext context, string? choice = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = choice ?? context.Options().Fidelity;
        return Find(context.Fidelities, name)
            ?? throw new ArgumentException($"bo: fidelity '{name}' is not 'target', 'cheapest' or a rung of the study ({string.Join(", ", context.Fidelities.Select(f => f.Name ?? f.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)))}).");
    }
}

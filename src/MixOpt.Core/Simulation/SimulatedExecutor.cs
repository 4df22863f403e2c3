using MixOpt.Core.Execution;
using MixOpt.Core.Randomness;
using MixOpt.Core.Studies;

namespace MixOpt.Core.Simulation;

/// <summary>
/// Executes a run against the study's mixing-law oracle. Noise is seeded by the study and run ordinal (not the
/// attempt), so a retried run reports exactly what the first attempt would have.
/// </summary>
public sealed class SimulatedExecutor : IRunExecutor
{
    public string Name => ExecutorNames.Simulated;

    public async Task<RunOutcome> ExecuteAsync(RunRequest request, CancellationToken cancellationToken)
    {
        var study = request.Study;
        var oracle = MixingLawOracle.Create(study.Simulator, study.Domains.Count, study.Seed);
        var seconds = oracle.Spec.RunSeconds;
        if (seconds > 0) await Task.Delay(TimeSpan.FromSeconds(seconds), cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();

        // The oracle's fidelity scale has the target at 1; a study's ladder may use any units (parameters, tokens).
        var target = study.TargetFidelity;
        var relative = request.Fidelity / target.Value;
        var metrics = oracle.Sample(request.Mixture, relative, study.DomainNames, SeedMixer.Mix(study.Seed, request.Ordinal, 0x4E01));
        var final = study.Objective.Score(metrics, study.DomainNames);
        // A short synthetic curve decaying to the final value, so dashboards have something honest to draw.
        var curve = Enumerable.Range(1, 10).Select(step => final + (2.0 / step - 0.2)).ToArray();
        curve[^1] = final;
        return new RunOutcome(metrics, Cost: CostOf(study, request.Fidelity), Seconds: seconds, LossCurve: curve);
    }

    private static double CostOf(StudySpec study, double fidelity) =>
        study.Fidelities is { Count: > 0 } ladder ? ladder.MinBy(f => Math.Abs(f.Value - fidelity))!.Cost : 1.0;
}

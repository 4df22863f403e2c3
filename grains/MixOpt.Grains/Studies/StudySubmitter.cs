using MixOpt.Core.Simulation;
using MixOpt.Core.Strategies;
using MixOpt.Core.Studies;
using MixOpt.Ledger;
using MixOpt.Ledger.Rows;

namespace MixOpt.Grains.Studies;

/// <summary>
/// The one way a study enters the system (REST, dashboard, CLI, demo): validate, write to the ledger, start its grain.
/// Nothing is written when validation fails.
/// </summary>
public sealed class StudySubmitter(StudyLedger ledger, IGrainFactory grains)
{
    public static IReadOnlyDictionary<string, string[]> Validate(StudySpec? spec)
    {
        var errors = StudySpecValidator.Validate(spec, InRunStrategies.StudyNames, InRunStrategies.OptionsOf);
        // A trade-off the simulated oracle provably cannot meet is refused too (it needs a valid spec to build the oracle).
        return errors.Count > 0 || spec?.TradeOff is null ? errors : TradeOffFeasibility.Problems(spec);
    }

    public async Task<StudyRow> SubmitAsync(StudySpec spec, CancellationToken ct = default)
    {
        var (resolved, optimum) = Resolve(spec);
        var row = await ledger.CreateStudyAsync(resolved, optimum, ct);
        await grains.GetGrain<IStudyGrain>(row.Id).Start();
        return row;
    }

    /// <summary>
    /// Submits a study under an id chosen beforehand (a campaign firing's), once: when a study with that id exists
    /// (the firing is resumed after a crash) it is not created again. <paramref name="beforeStart"/> runs before the
    /// study's grain starts, every time (a warm start records its runs there when they are not recorded yet).
    /// </summary>
    public async Task<StudyRow> SubmitOnceAsync(Guid id, StudySpec spec, Func<StudyRow, Task>? beforeStart = null, CancellationToken ct = default)
    {
        var (resolved, optimum) = Resolve(spec);
        var row = await ledger.TryCreateStudyAsync(id, resolved, optimum, ct)
            ?? await ledger.FindStudyAsync(id, ct) ?? throw new InvalidOperationException($"Study {id} exists and does not.");
        if (beforeStart is not null) await beforeStart(row);
        await grains.GetGrain<IStudyGrain>(row.Id).Start();
        return row;
    }

    private static (StudySpec Spec, (Core.Mixtures.Mixture, double)? Optimum) Resolve(StudySpec spec)
    {
        var errors = Validate(spec);
        if (errors.Count > 0) throw new StudyValidationException(errors);
        spec = spec.WithPrimaryObjective(); // objectives given: the single objective (run column, best run) is the first
        if (spec.Executor != ExecutorNames.Simulated) return (spec, null);
        // Resolve the oracle now and store every parameter, so the study's truth is fixed and known.
        var oracle = MixingLawOracle.Create(spec.Simulator, spec.Domains.Count, spec.Seed);
        spec = spec with { Simulator = oracle.Spec };
        return (spec, oracle.Optimum(spec.Objective, spec.DomainNames));
    }

    public Task<bool> CancelAsync(Guid studyId) => grains.GetGrain<IStudyGrain>(studyId).Cancel();
}

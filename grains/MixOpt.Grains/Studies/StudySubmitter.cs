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
    public static IReadOnlyDictionary<string, string[]> Validate(StudySpec? spec) => StudySpecValidator.Validate(spec, ProposerCatalog.Names, ProposerCatalog.OptionsOf);

    public async Task<StudyRow> SubmitAsync(StudySpec spec, CancellationToken ct = default)
    {
        var errors = Validate(spec);
        if (errors.Count > 0) throw new StudyValidationException(errors);

        (Core.Mixtures.Mixture, double)? optimum = null;
        if (spec.Executor == ExecutorNames.Simulated)
        {
            // Resolve the oracle now and store every parameter, so the study's truth is fixed and known.
            var oracle = MixingLawOracle.Create(spec.Simulator, spec.Domains.Count, spec.Seed);
            spec = spec with { Simulator = oracle.Spec };
            optimum = oracle.Optimum(spec.Objective, spec.DomainNames);
        }
        var row = await ledger.CreateStudyAsync(spec, optimum, ct);
        await grains.GetGrain<IStudyGrain>(row.Id).Start();
        return row;
    }

    public Task<bool> CancelAsync(Guid studyId) => grains.GetGrain<IStudyGrain>(studyId).Cancel();
}

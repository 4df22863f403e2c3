using Microsoft.EntityFrameworkCore;
using MixOpt.Core.Studies;
using MixOpt.Core.Surrogates;
using MixOpt.Ledger;

namespace MixOpt.Web.Application;

/// <summary>One surrogate's out-of-fold prediction of each observation (ordinal, actual, predicted ± std dev).</summary>
public sealed record SurrogateFit(string Name, IReadOnlyList<int> Ordinals, IReadOnlyList<double> Actual, IReadOnlyList<double> Predicted, IReadOnlyList<double> StdDev);

/// <summary>
/// Predicted vs actual for every surrogate of the catalog on a study's succeeded runs, on the sample and folds the
/// closing cross-validation table uses (at most 128 observations, seeded by the study), so the plot and the table
/// describe the same fits. CPU work of seconds: computed when a user asks, off the circuit's thread.
/// </summary>
public sealed class SurrogateFits(IDbContextFactory<LedgerDbContext> contexts)
{
    public const int MaxObservations = 128;

    public async Task<IReadOnlyList<SurrogateFit>> FitAsync(Guid studyId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var specJson = await db.Studies.AsNoTracking().Where(s => s.Id == studyId).Select(s => s.Spec).FirstOrDefaultAsync(ct);
        if (specJson is null) return [];
        var spec = StudySpecJson.Deserialize(specJson);
        var runs = await db.Runs.AsNoTracking().Where(r => r.StudyId == studyId && r.State == RunState.Succeeded && r.Objective != null)
            .OrderBy(r => r.FinishedAt).ThenBy(r => r.Ordinal)
            .Select(r => new { r.Ordinal, r.Mixture, r.Fidelity, Objective = r.Objective!.Value }).ToListAsync(ct);
        if (runs.Count > MaxObservations)
        {
            var random = new Random(spec.Seed);
            runs = runs.OrderBy(_ => random.Next()).Take(MaxObservations).ToList();
        }
        var folds = Math.Min(spec.StrategyOptions?.EffectiveCvFolds ?? StrategyOptions.DefaultCvFolds, runs.Count);
        if (folds < 2) return [];
        var data = new SurrogateData(runs.Select(r => r.Mixture).ToArray(), runs.Select(r => r.Fidelity).ToArray(), runs.Select(r => r.Objective).ToArray());
        return await Task.Run(() =>
        {
            var fits = new List<SurrogateFit>();
            foreach (var surrogate in SurrogateCatalog.All)
            {
                ct.ThrowIfCancellationRequested();
                try
                {
                    var (mean, std) = OutOfFoldPredictions.Predict(surrogate, data, folds, spec.Seed);
                    if (mean.All(double.IsFinite))
                        fits.Add(new SurrogateFit(surrogate.Name, runs.Select(r => r.Ordinal).ToArray(), data.Targets, mean, std));
                }
                catch (ArgumentException) { } // too few observations for this surrogate, as in the CV table
            }
            return (IReadOnlyList<SurrogateFit>)fits;
        }, ct);
    }
}

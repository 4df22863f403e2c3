using MixOpt.Core.Strategies;
using MixOpt.Core.Studies;
using MixOpt.Ledger.InRun;

namespace MixOpt.Grains.Studies;

/// <summary>
/// The recommendation of an in-run strategy (<c>aioli</c>): the mixture the latest re-weighted run's trajectory
/// recommends (its final or averaged proportions, per the study's <c>recommend</c> option), valued at that run's
/// objective. Before any trajectory is recorded there is none; a run that recorded no rounds (an external trainer
/// that never reported) recommends its starting proportions, and the basis says so.
/// </summary>
public static class InRunRecommender
{
    public static bool Applies(StudySpec spec) => spec.Strategy == AioliStudyRules.StrategyName;

    public static RecommendationDocument? Recommend(StudySpec spec, IReadOnlyList<InRunRecord> records, IReadOnlyList<Observation> observations)
    {
        if (records.Count == 0 || observations.Count == 0) return null;
        var latest = records[^1];
        var t = latest.Trajectory;
        if (t.Recommended.Count != spec.Domains.Count) return null;
        var choice = spec.StrategyOptions?.Recommend ?? "final";
        var basis = t.Rounds.Count == 0
            ? $"{t.Method}: run {latest.Ordinal} recorded no rounds, so its starting proportions ({t.Note ?? "no in-run losses were reported"})"
            : $"{t.Method}: {choice} proportions of run {latest.Ordinal}'s trajectory over {t.Rounds.Count} rounds";
        var value = BestObservation.Find(observations, spec.Objective, spec.TargetFidelity.Value)?.Value ?? observations[^1].Value;
        return new RecommendationDocument(
            spec.DomainNames.Select((d, i) => (d, w: t.Recommended[i])).ToDictionary(p => p.d, p => p.w),
            value, 0, basis, null);
    }
}

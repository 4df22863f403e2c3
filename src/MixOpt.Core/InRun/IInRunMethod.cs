using MixOpt.Core.Mixtures;

namespace MixOpt.Core.InRun;

/// <summary>
/// The trainer's in-run hook: a method that re-weights a run while it trains. The trainer reports the per-domain
/// validation losses at the start (step 0) and after every segment; the method answers with the next segment, or
/// null when the run's steps are spent. Builtin and external trainers drive the same interface, so other in-run
/// methods (DoReMi-style) can plug in later. Implementations are deterministic given their seed.
/// </summary>
public interface IInRunMethod
{
    string Name { get; }

    /// <summary>The proportions the run trains on now (its starting mixture before the first report).</summary>
    Mixture Current { get; }

    /// <summary>The rounds finished so far, in order.</summary>
    IReadOnlyList<InRunRound> Rounds { get; }

    /// <summary>The next segment after <paramref name="report"/>, or null when every step is planned and trained.</summary>
    InRunSegment? Next(InRunReport report);

    /// <summary>The mixture the run recommends from its trajectory so far.</summary>
    Mixture Recommended { get; }
}

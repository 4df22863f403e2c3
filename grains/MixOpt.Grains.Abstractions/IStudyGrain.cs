using Orleans.Concurrency;

namespace MixOpt.Grains;

/// <summary>
/// Owns one study (keyed by its id): proposes batches with a proposer it keeps between decisions, queues runs,
/// completes the study when its budget is spent, and holds the study's caches (the current recommendation), which
/// die with the activation (a deleted study's grain is deactivated).
/// </summary>
public interface IStudyGrain : IGrainWithGuidKey
{
    /// <summary>Starts or resumes the study from the ledger; idempotent.</summary>
    Task Start();

    /// <summary>
    /// A run of this study finished (succeeded, failed, was cancelled or recorded from outside); the study decides what
    /// comes next. One-way and coalesced: a stream of results costs the study a decision every
    /// <c>StudyGrain.MinDecisionInterval</c> at most, and the reporter never waits for the decision.
    /// </summary>
    [OneWay]
    Task RunFinished(Guid runId);

    /// <summary>Cancels the study and its pending runs; returns false when it had already finished.</summary>
    Task<bool> Cancel();

    /// <summary>
    /// The study's current recommendation: the stored one once the study completed, else the strategy's answer on the
    /// runs so far, fitted by the grain and cached until the next result.
    /// </summary>
    Task<StudyRecommendation> Recommendation();

    /// <summary>Asks the runtime to deactivate this grain (operations and resume tests); the ledger keeps its state.</summary>
    Task Deactivate();
}

namespace MixOpt.Grains;

/// <summary>Drives one study (keyed by its id): proposes batches, queues runs, completes the study when its budget is spent.</summary>
public interface IStudyGrain : IGrainWithGuidKey
{
    /// <summary>Starts or resumes the study from the ledger; idempotent.</summary>
    Task Start();

    /// <summary>A run of this study finished (succeeded, failed or was skipped); the study decides what comes next.</summary>
    Task RunFinished(Guid runId);

    /// <summary>Cancels the study and its pending runs; returns false when it had already finished.</summary>
    Task<bool> Cancel();

    /// <summary>Asks the runtime to deactivate this grain (operations and resume tests); the ledger keeps its state.</summary>
    Task Deactivate();
}

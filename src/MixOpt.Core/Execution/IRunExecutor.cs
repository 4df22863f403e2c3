namespace MixOpt.Core.Execution;

/// <summary>Turns a run into an observation: the simulated oracle, the built-in trainer, or an external trainer.</summary>
public interface IRunExecutor
{
    string Name { get; }

    Task<RunOutcome> ExecuteAsync(RunRequest request, CancellationToken cancellationToken);
}

using MixOpt.Core.Execution;
using MixOpt.Core.Studies;

namespace MixOpt.Grains.Execution;

/// <summary>Whether a run's result document (result.json in the artifact store) holds anything the ledger does not.</summary>
public static class ResultDocument
{
    /// <summary>
    /// Every run stores its document, except a simulated run that took no time (<c>runSeconds: 0</c>, the zero-cost
    /// executor of scheduling benchmarks): its metrics, cost and objective are in the ledger and its loss curve is a
    /// fixed function of its objective, so the document would add a blob write per run and nothing to keep.
    /// </summary>
    public static bool IsWorthStoring(StudySpec spec, RunOutcome outcome) =>
        !(spec.Executor == ExecutorNames.Simulated && outcome.Seconds == 0);
}

namespace MixOpt.Core.Studies;

/// <summary>Queued → Leased → Running → Succeeded | Failed | Cancelled.</summary>
public enum RunState { Queued, Leased, Running, Succeeded, Failed, Cancelled }

public static class RunStateExtensions
{
    public static bool IsPending(this RunState s) => s is RunState.Queued or RunState.Leased or RunState.Running;
    public static bool IsFinished(this RunState s) => !s.IsPending();
}

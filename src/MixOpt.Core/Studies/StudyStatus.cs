namespace MixOpt.Core.Studies;

/// <summary>Pending → Running ⇄ Paused → Completed | Cancelled | Failed. A paused study proposes nothing new; its in-flight runs finish.</summary>
public enum StudyStatus { Pending, Running, Paused, Completed, Cancelled, Failed }

public static class StudyStatusExtensions
{
    public static bool IsFinished(this StudyStatus s) => s is StudyStatus.Completed or StudyStatus.Cancelled or StudyStatus.Failed;
}

namespace MixOpt.Core.Studies;

public enum StudyStatus { Pending, Running, Completed, Cancelled, Failed }

public static class StudyStatusExtensions
{
    public static bool IsFinished(this StudyStatus s) => s is StudyStatus.Completed or StudyStatus.Cancelled or StudyStatus.Failed;
}

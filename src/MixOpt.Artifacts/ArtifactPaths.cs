namespace MixOpt.Artifacts;

/// <summary>The one place artifact paths are spelled, so writers and readers agree.</summary>
public static class ArtifactPaths
{
    public static string Study(Guid studyId) => $"studies/{studyId:N}/";
    public static string RunResult(Guid studyId, int ordinal) => $"{Study(studyId)}runs/{ordinal:D5}/result.json";
    public static string StudyReport(Guid studyId) => $"{Study(studyId)}report.json";
}

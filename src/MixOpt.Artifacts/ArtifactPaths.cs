namespace MixOpt.Artifacts;

/// <summary>The one place artifact paths are spelled, so writers and readers agree.</summary>
public static class ArtifactPaths
{
    public static string Study(Guid studyId) => $"studies/{studyId:N}/";
    /// <summary>
    /// The result document of one report: per attempt and per report (its hash), so a losing or stale report can never
    /// overwrite the document of the result the ledger recorded; a byte-identical retry writes the same path again.
    /// </summary>
    public static string RunResult(Guid studyId, int ordinal, int attempt, ReadOnlySpan<byte> reportHash) =>
        $"{Study(studyId)}runs/{ordinal:D5}/attempt-{attempt}/{Convert.ToHexStringLower(reportHash[..Math.Min(8, reportHash.Length)])}/result.json";
    public static string StudyReport(Guid studyId) => $"{Study(studyId)}report.json";
}

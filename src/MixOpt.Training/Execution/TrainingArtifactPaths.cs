using MixOpt.Artifacts;

namespace MixOpt.Training.Execution;

/// <summary>Where a built-in run's training artifacts go, beside the run's result.</summary>
public static class TrainingArtifactPaths
{
    public static string Run(Guid studyId, int ordinal) => $"{ArtifactPaths.Study(studyId)}runs/{ordinal:D5}/";
    public static string Training(Guid studyId, int ordinal) => Run(studyId, ordinal) + "training.json";
    public static string Checkpoint(Guid studyId, int ordinal) => Run(studyId, ordinal) + "model.ckpt";
}

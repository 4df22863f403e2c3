using MixOpt.Core.Execution;
using MixOpt.Core.InRun;
using MixOpt.Core.Studies;
using MixOpt.Training.Trainer;

namespace MixOpt.Training.Execution;

/// <summary>How the builtin executor sets up and reports a run of strategy <c>aioli</c>.</summary>
internal static class AioliRun
{
    /// <summary>Aioli from the run's mixture, with the study's options and constraints; a run too short for its rounds fails with the numbers.</summary>
    public static AioliMethod Method(RunRequest request, int steps, int seed)
    {
        try
        {
            return new AioliMethod(request.Mixture, steps, AioliStudyRules.OptionsOf(request.Study), StudySpace.ConstraintsOf(request.Study), seed);
        }
        catch (ArgumentException e)
        {
            throw new TrainingFailedException(e.Message, e);
        }
    }

    public static InRunTrajectory Trajectory(InRunTrainingResult result) =>
        new(AioliMethod.MethodName, result.Rounds, result.Recommended.ToArray());
}

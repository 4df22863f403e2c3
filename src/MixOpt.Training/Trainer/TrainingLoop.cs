using MixOpt.Training.Loading;
using MixOpt.Training.Modeling;

namespace MixOpt.Training.Trainer;

/// <summary>
/// The step loop both trainers share: draw a batch, take one optimizer step at the schedule's rate, stop the run
/// with a readable reason when the loss is not finite, record the point.
/// </summary>
public static class TrainingLoop
{
    /// <summary>
    /// Trains <paramref name="count"/> steps. <paramref name="scheduleStep"/> is the run's step clock when the first
    /// of them starts; with <paramref name="advanceSchedule"/> the rate follows the clock step by step, without it
    /// (a look-ahead outside the budget) every step uses the rate at that clock. Points go to
    /// <paramref name="curve"/> and <paramref name="progress"/> when given.
    /// </summary>
    public static void Run(TrainingStep trainingStep, MixtureDataLoader loader, ModelShape shape, int scheduleStep, int count, int totalSteps,
        bool advanceSchedule, ICollection<LossPoint>? curve, IProgress<LossPoint>? progress, CancellationToken ct)
    {
        for (var s = 0; s < count; s++)
        {
            ct.ThrowIfCancellationRequested();
            var step = advanceSchedule ? scheduleStep + s : scheduleStep;
            var rate = LearningRateSchedule.At(Math.Min(step, totalSteps - 1), totalSteps, shape);
            var value = trainingStep.Run(loader.Next(), rate);
            if (!double.IsFinite(value))
                throw new TrainingFailedException($"Training loss is {value} at step {step + 1} of {totalSteps} (learning rate {rate:G3}): the run diverged.");
            if (curve is null && progress is null) continue;
            var point = new LossPoint(step + 1, value, rate);
            curve?.Add(point);
            progress?.Report(point);
        }
    }
}

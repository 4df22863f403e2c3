using MixOpt.Training.Modeling;

namespace MixOpt.Training.Trainer;

/// <summary>Linear warmup to the peak rate, then constant or cosine decay to a tenth of the peak at the last step.</summary>
public static class LearningRateSchedule
{
    public const double FinalFraction = 0.1;

    public static double At(int step, int totalSteps, ModelShape shape)
    {
        var peak = shape.LearningRate;
        if (step < shape.WarmupSteps) return peak * (step + 1) / shape.WarmupSteps;
        if (shape.Decay == LearningRateDecay.Constant) return peak;
        var span = Math.Max(1, totalSteps - 1 - shape.WarmupSteps);
        var progress = Math.Clamp((step - shape.WarmupSteps) / (double)span, 0, 1);
        return peak * (FinalFraction + (1 - FinalFraction) * 0.5 * (1 + Math.Cos(Math.PI * progress)));
    }
}

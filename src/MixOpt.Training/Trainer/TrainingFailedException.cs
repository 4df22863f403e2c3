namespace MixOpt.Training.Trainer;

/// <summary>A run could not finish (NaN loss, out of memory, no usable device); the message says why in one line.</summary>
public sealed class TrainingFailedException(string message, Exception? inner = null) : InvalidOperationException(message, inner);

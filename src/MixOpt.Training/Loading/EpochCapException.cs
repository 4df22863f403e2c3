namespace MixOpt.Training.Loading;

/// <summary>A mixture would repeat a domain's tokens more often than the study allows.</summary>
public sealed class EpochCapException(string message) : InvalidOperationException(message);

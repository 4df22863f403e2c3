namespace MixOpt.Cli.Bench;

/// <summary>
/// A surrogate's results on a split: per test group, one (fit seconds, score) per training job, and the first
/// job's predictions (for the predicted-vs-actual plots).
/// </summary>
public sealed record SurrogateRun(string Name, bool Peer, IReadOnlyList<IReadOnlyList<(double FitS, SurrogateScore Score)>> PerGroup, IReadOnlyList<double[]> FirstPredictions)
{
    public IEnumerable<SurrogateFigure> Figures(SurrogateSplit split) =>
        split.Groups.Select((g, i) => SurrogateScore.Mean(Name, g, PerGroup[i], Peer));
}

using System.Diagnostics;
using MixOpt.Core.Surrogates;

namespace MixOpt.Cli.Bench;

/// <summary>
/// Fits one of the engine's surrogates on each training job and predicts every test group, timing fit and
/// prediction separately (jobs run one after another so timings are not shared cores).
/// </summary>
public static class EngineSurrogateRunner
{
    public static SurrogateRun Run(ISurrogate surrogate, SurrogateSplit split)
    {
        var perGroup = split.Groups.Select(_ => new List<(double, SurrogateScore)>()).ToArray();
        var first = new double[split.Groups.Count][];
        foreach (var job in split.Jobs)
        {
            var data = new SurrogateData(job.X, job.Fidelity, job.Y);
            var clock = Stopwatch.StartNew();
            var fitted = surrogate.Fit(data, job.Seed);
            var fitS = clock.Elapsed.TotalSeconds;
            for (var g = 0; g < split.Groups.Count; g++)
            {
                var group = split.Groups[g];
                var flat = group.X.SelectMany(x => x).ToArray();
                var mean = new double[group.Y.Length];
                var std = new double[group.Y.Length];
                clock.Restart();
                fitted.Predict(flat, group.PredictFidelity, mean, std);
                var predictS = clock.Elapsed.TotalSeconds;
                perGroup[g].Add((fitS, SurrogateScore.Of(group.Y, mean, predictS)));
                first[g] ??= mean;
            }
        }
        return new SurrogateRun(surrogate.Name, false, perGroup, first);
    }
}

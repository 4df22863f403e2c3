using MixOpt.Core.Randomness;
using MixOpt.Core.RunTables;

namespace MixOpt.Cli.Bench;

/// <summary>
/// The data of <c>bench surrogates</c>: training jobs (all rows, or N random rows per seed) and test groups (one
/// per test file and fidelity). A surrogate is asked to predict a test group at the test fidelity clamped into the
/// training fidelities: a model fitted on 1M runs predicts 60M or 1B mixtures at 1M, as RegMix does, and is judged
/// on rank correlation there (MSE across fidelities measures the loss offset between scales, not the model).
/// </summary>
public sealed class SurrogateSplit
{
    public sealed record Job(int Seed, double[][] X, double[] Fidelity, double[] Y);

    public sealed record Group(string Test, double? TestFidelity, double PredictFidelity, double[][] X, double[] Y);

    public SurrogateSplit(RunTable train, IReadOnlyList<RunTable> tests, string target, int? runs, IReadOnlyList<int> seeds)
    {
        var trainRows = train.RequireMetric(train.MetricIndex(target));
        if (runs is { } n && (n < 2 || n > trainRows.Count))
            throw new ArgumentException($"--runs {n}: the training table has {trainRows.Count} rows; pick 2..{trainRows.Count}.");
        foreach (var t in tests)
            if (!t.Domains.SequenceEqual(train.Domains))
                throw new ArgumentException($"{t.Source}: its domains differ from {train.Source}'s; test and train tables need the same w: columns in the same order.");

        var metric = train.MetricIndex(target);
        Jobs = seeds.Select(seed =>
        {
            var rows = runs is { } count
                ? trainRows.ToArray().Shuffled(SeedMixer.Mix(seed, 0x5B5E7)).Take(count).ToArray()
                : trainRows.ToArray();
            return new Job(seed, rows.Select(r => r.Weights).ToArray(), rows.Select(r => r.Fidelity ?? 1.0).ToArray(), rows.Select(r => r.Metrics[metric]).ToArray());
        }).ToArray();
        var fidelities = trainRows.Select(r => r.Fidelity ?? 1.0).ToArray();
        TrainMin = fidelities.Min();
        TrainMax = fidelities.Max();
        MultiFidelity = TrainMin != TrainMax;

        var groups = new List<Group>();
        foreach (var t in tests)
        {
            var m = t.MetricIndex(target);
            foreach (var g in t.RequireMetric(m).GroupBy(r => r.Fidelity).OrderBy(g => g.Key))
            {
                var predictAt = g.Key is { } f ? Math.Clamp(f, TrainMin, TrainMax) : TrainMax;
                groups.Add(new Group(t.Source, g.Key, predictAt, g.Select(r => r.Weights).ToArray(), g.Select(r => r.Metrics[m]).ToArray()));
            }
        }
        Groups = groups;
    }

    public IReadOnlyList<Job> Jobs { get; }
    public IReadOnlyList<Group> Groups { get; }
    public double TrainMin { get; }
    public double TrainMax { get; }
    /// <summary>True when training rows span several fidelities; peers then get log(fidelity) as an extra feature.</summary>
    public bool MultiFidelity { get; }
}

internal static class ShuffleExtensions
{
    /// <summary>A seeded Fisher–Yates shuffle of a copy.</summary>
    public static T[] Shuffled<T>(this T[] items, int seed)
    {
        var copy = (T[])items.Clone();
        var random = new Random(seed);
        for (var i = copy.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (copy[i], copy[j]) = (copy[j], copy[i]);
        }
        return copy;
    }
}

using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace MixOpt.Core.Surrogates;

/// <summary>
/// Gradient-boosted trees (RegMix's best regressor) through ML.NET's LightGBM trainer. Uncertainty comes from an
/// ensemble: each member is trained on its own seeded subsample of the rows, the spread of the members is the
/// model's uncertainty, and the members' out-of-sample error adds the part the spread cannot see. Trained trees
/// are evaluated by <see cref="TreeEnsembleEvaluator"/>, so scoring a million mixtures takes about a second.
/// </summary>
public sealed class LightGbmSurrogate : ISurrogate
{
    public const string SurrogateName = "lightgbm";

    public int Members { get; init; } = 3;
    public int Iterations { get; init; } = 100;
    public double LearningRate { get; init; } = 0.08;
    public int Leaves { get; init; } = 8;
    public int MinimumRowsPerLeaf { get; init; } = 8;
    public double RowFraction { get; init; } = 0.8;

    public string Name => SurrogateName;

    public IFittedSurrogate Fit(SurrogateData data, int seed)
    {
        SurrogateDataChecks.Validate(data, Name);
        var fidelity = FidelityFeature.From(data);
        var n = data.Count;
        var width = fidelity.Width(data.Domains);
        var x = fidelity.Features(data);
        var standardizer = Standardizer.Fit(data.Targets);
        var y = standardizer.ToAll(data.Targets);
        var random = new Random(seed);

        var members = new TreeEnsembleEvaluator[Members];
        var outOfSample = new double[n];
        var outOfSampleCount = new int[n];
        var features = x.Select(v => (float)v).ToArray();
        var take = Members == 1 ? n : Math.Max(2, (int)Math.Round(RowFraction * n));
        // Row subsets and seeds are drawn up front, so training the members in parallel stays deterministic.
        var plans = Enumerable.Range(0, Members)
            .Select(_ => (Order: Enumerable.Range(0, n).OrderBy(_ => random.Next()).ToArray(), Seed: random.Next()))
            .ToArray();
        Parallel.For(0, Members, m =>
        {
            var inBag = plans[m].Order.Take(take);
            members[m] = Train(inBag.Select(i => new TreeRow { Features = features.AsSpan(i * width, width).ToArray(), Label = (float)y[i] }).ToList(),
                width, plans[m].Seed);
        });
        for (var m = 0; m < Members; m++)
        {
            var held = plans[m].Order.Skip(take).ToArray();
            if (held.Length == 0) continue;
            var heldFeatures = held.SelectMany(i => features.AsSpan(i * width, width).ToArray()).ToArray();
            var predictions = new double[held.Length];
            members[m].AddTo(heldFeatures, width, predictions);
            for (var h = 0; h < held.Length; h++)
            {
                outOfSample[held[h]] += Math.Pow(predictions[h] - y[held[h]], 2);
                outOfSampleCount[held[h]]++;
            }
        }
        var counted = outOfSampleCount.Count(c => c > 0);
        var noise = counted == 0 ? 0 : Enumerable.Range(0, n).Where(i => outOfSampleCount[i] > 0).Sum(i => outOfSample[i] / outOfSampleCount[i]) / counted;
        return new FittedLightGbm(data.Domains, fidelity, standardizer, members, noise, PredictionBounds.From(data.Targets));
    }

    private TreeEnsembleEvaluator Train(List<TreeRow> rows, int width, int seed)
    {
        var ml = new MLContext(seed);
        var schema = SchemaDefinition.Create(typeof(TreeRow));
        schema[nameof(TreeRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        var view = ml.Data.LoadFromEnumerable(rows, schema);
        var trainer = ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
        {
            LabelColumnName = nameof(TreeRow.Label),
            FeatureColumnName = nameof(TreeRow.Features),
            NumberOfIterations = Iterations,
            LearningRate = LearningRate,
            NumberOfLeaves = Leaves,
            MinimumExampleCountPerLeaf = MinimumRowsPerLeaf,
            Seed = seed,
            // One native thread per member: members train in parallel, and LightGBM's OpenMP threads spin on a
            // busy machine instead of yielding.
            NumberOfThreads = 1,
            Silent = true,
            Verbose = false,
            Booster = new GradientBooster.Options { FeatureFraction = 0.9, SubsampleFraction = 1.0 },
        });
        var model = trainer.Fit(view);
        return new TreeEnsembleEvaluator(model.Model.TrainedTreeEnsemble!);
    }

    private sealed class TreeRow
    {
        public float[] Features { get; set; } = [];
        public float Label { get; set; }
    }

    private sealed class FittedLightGbm(int domains, FidelityFeature fidelity, Standardizer standardizer, TreeEnsembleEvaluator[] members, double noise,
        PredictionBounds bounds)
        : IFittedSurrogate
    {
        private const int Block = 2048;

        public string Name => SurrogateName;

        public void Predict(ReadOnlySpan<double> mixtures, double f, Span<double> mean, Span<double> stdDev)
        {
            var rows = SurrogateDataChecks.CheckPredict(mixtures, domains, f, mean, stdDev);
            var width = fidelity.Width(domains);
            var fValue = fidelity.Used ? (float)fidelity.Value(f) : 0f;
            var wantStd = stdDev.Length > 0;
            var meanOut = new double[rows];
            var stdOut = wantStd ? new double[rows] : [];
            var input = mixtures.ToArray();
            Parallel.For(0, (rows + Block - 1) / Block, block =>
            {
                var start = block * Block;
                var count = Math.Min(Block, rows - start);
                var features = new float[count * width];
                for (var r = 0; r < count; r++)
                {
                    for (var j = 0; j < domains; j++) features[r * width + j] = (float)input[(start + r) * domains + j];
                    if (fidelity.Used) features[r * width + domains] = fValue;
                }
                var sum = new double[count];
                var sumSquares = wantStd ? new double[count] : [];
                var one = new double[count];
                foreach (var member in members)
                {
                    Array.Clear(one);
                    member.AddTo(features, width, one);
                    for (var r = 0; r < count; r++)
                    {
                        sum[r] += one[r];
                        if (wantStd) sumSquares[r] += one[r] * one[r];
                    }
                }
                for (var r = 0; r < count; r++)
                {
                    var m = sum[r] / members.Length;
                    meanOut[start + r] = bounds.Clamp(standardizer.From(m));
                    if (!wantStd) continue;
                    var spread = Math.Max(0, sumSquares[r] / members.Length - m * m);
                    stdOut[start + r] = standardizer.Scale * Math.Sqrt(spread + noise);
                }
            });
            meanOut.CopyTo(mean);
            if (wantStd) stdOut.CopyTo(stdDev);
        }
    }
}

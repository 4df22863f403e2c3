using System.Globalization;
using MathNet.Numerics.Distributions;
using MixOpt.Core.Mixtures;
using MixOpt.Core.Randomness;
using MixOpt.Core.RunTables;
using MixOpt.Core.Studies;
using MixOpt.Core.Surrogates;

namespace MixOpt.Core.Simulation.Families;

/// <summary>
/// One seeded instance of a <see cref="ProblemFamilySpec"/>: a sparse mixing-law target (<see cref="SparseMixingLaw"/>)
/// and a ladder of cheaper rungs whose surfaces are <c>cos θ_r·z_target + sin θ_r·z_own</c>, where z_own is a second,
/// independent surface shared by the cheap rungs and θ_r is calibrated so that rung r's Spearman correlation with the
/// target over a reference sample of sparse mixtures is the one asked for (<see cref="RankCorrelations"/>). Each rung
/// keeps the target's spread, sits at a level offset that grows as the rung gets cheaper, and gets Gaussian noise
/// of <see cref="NoiseStd"/>. The same instance serves as a finite pool (<see cref="Pool"/>, like <c>bench pool</c>)
/// and as an open oracle (<see cref="Sample"/>, like <c>bench oracle</c>). Pure and deterministic in (spec, seed).
/// </summary>
public sealed class ProblemFamily
{
    /// <summary>Mixtures in the reference sample that standardizes surfaces, calibrates rungs and measures the effect.</summary>
    public const int ReferenceSize = 2000;

    private readonly SparseMixingLaw _target;
    private readonly SparseMixingLaw _own;
    private readonly double[] _angles;
    private readonly double _targetMean, _targetSd, _ownMean, _ownSd;
    private readonly double[] _offsets;

    private ProblemFamily(ProblemFamilySpec spec, int seed)
    {
        spec.Validate();
        Spec = spec;
        Seed = seed;
        var random = new Random(SeedMixer.Mix(seed, 0xFA31, spec.Domains, spec.Rungs, (long)Math.Round(spec.CheapRankCorrelation * 1000),
            (long)Math.Round(spec.NoiseToEffect * 1000), spec.Minimize ? 1 : 0, spec.Tasks));
        _target = SparseMixingLaw.Draw(spec.Domains, spec.Tasks, random);
        _own = SparseMixingLaw.Draw(spec.Domains, spec.Tasks, random);
        DomainNames = Enumerable.Range(0, spec.Domains).Select(i => "d" + i.ToString(CultureInfo.InvariantCulture)).ToArray();

        var reference = Enumerable.Range(0, ReferenceSize).Select(_ => SparseDirichlet.Next(spec.Domains, random)).ToArray();
        var target = reference.Select(w => _target.Value(w)).ToArray();
        var own = reference.Select(w => _own.Value(w)).ToArray();
        (_targetMean, _targetSd) = MeanSd(target);
        (_ownMean, _ownSd) = MeanSd(own);
        var zTarget = target.Select(v => (v - _targetMean) / _targetSd).ToArray();
        var zOwn = own.Select(v => (v - _ownMean) / _ownSd).ToArray();
        var sorted = target.Order().ToArray();
        Effect = sorted[(int)(0.9 * (sorted.Length - 1))] - sorted[(int)(0.1 * (sorted.Length - 1))];

        // Rungs from the cheapest (k = 0) to the target (k = R-1): costs geometric from CheapestCost to 1, rank
        // correlations linear from the cheapest's to 1.
        var rungs = spec.Rungs;
        Ladder = Enumerable.Range(0, rungs).Select(k =>
        {
            var value = rungs == 1 ? 1.0 : Math.Pow(spec.CheapestCost, (rungs - 1 - k) / (double)(rungs - 1));
            return new FidelitySpec { Name = "r" + k.ToString(CultureInfo.InvariantCulture), Value = value, Cost = value };
        }).ToArray();
        var asked = Enumerable.Range(0, rungs).Select(k => rungs == 1 || k == rungs - 1 ? 1.0
            : spec.CheapRankCorrelation + (1 - spec.CheapRankCorrelation) * k / (rungs - 1)).ToArray();
        _angles = asked.Select(rho => RungCalibration.Angle(zTarget, zOwn, rho)).ToArray();
        RankCorrelations = _angles.Select(theta => RankCorrelation.Spearman(zTarget,
            zTarget.Zip(zOwn, (a, b) => Math.Cos(theta) * a + Math.Sin(theta) * b).ToArray())).ToArray();
        // Cheaper proxies have higher losses: about one effect per decade of cost below the target.
        _offsets = Ladder.Select(f => -Math.Log10(f.Value) * Effect).ToArray();
        NoiseStd = spec.NoiseToEffect * Effect;
        var (optimum, value) = _target.Minimum();
        Optimum = (Mixture.Normalize(optimum), Report(value));
    }

    public ProblemFamilySpec Spec { get; }

    public int Seed { get; }

    public string Name => Spec.Name;

    public IReadOnlyList<string> DomainNames { get; }

    /// <summary>The ladder, cheapest first, relative to the target (target value 1, cost 1).</summary>
    public IReadOnlyList<FidelitySpec> Ladder { get; }

    /// <summary>Each rung's measured Spearman correlation with the target over the reference sample (target: 1).</summary>
    public IReadOnlyList<double> RankCorrelations { get; }

    /// <summary>90th minus 10th percentile of the noise-free target over the reference sample (loss units).</summary>
    public double Effect { get; }

    /// <summary>Standard deviation of the Gaussian noise on every run, at every rung.</summary>
    public double NoiseStd { get; }

    /// <summary>The metric a run reports: <c>loss</c> (minimize) or <c>score</c> (maximize, = 10 − loss).</summary>
    public string MetricName => Spec.Minimize ? "loss" : "score";

    public ObjectiveSpec Objective => new() { Metric = RunTableColumns.MetricPrefix + MetricName, Direction = Spec.Minimize ? "minimize" : "maximize" };

    /// <summary>The best noise-free target mixture and its metric value (the optimum regret is measured against).</summary>
    public (Mixture Mixture, double Value) Optimum { get; }

    public static ProblemFamily Create(ProblemFamilySpec spec, int seed) => new(spec, seed);

    /// <summary>The rung of the ladder a fidelity (relative, target = 1) names: the nearest in log scale.</summary>
    public int RungOf(double fidelity)
    {
        if (!(fidelity > 0) || !double.IsFinite(fidelity)) throw new ArgumentOutOfRangeException(nameof(fidelity), fidelity, "Fidelity must be positive.");
        var best = 0;
        for (var k = 1; k < Ladder.Count; k++)
            if (Math.Abs(Math.Log(Ladder[k].Value / fidelity)) < Math.Abs(Math.Log(Ladder[best].Value / fidelity))) best = k;
        return best;
    }

    /// <summary>The noise-free metric of mixture <paramref name="w"/> at rung <paramref name="rung"/> (target: the last).</summary>
    public double Expected(IReadOnlyList<double> w, int rung)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rung);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(rung, Ladder.Count);
        var weights = w is double[] array ? array : w.ToArray();
        var zTarget = (_target.Value(weights) - _targetMean) / _targetSd;
        var theta = _angles[rung];
        var z = theta == 0 ? zTarget : Math.Cos(theta) * zTarget + Math.Sin(theta) * (_own.Value(weights) - _ownMean) / _ownSd;
        return Report(_targetMean + _targetSd * z + _offsets[rung]);
    }

    /// <summary>The noise-free target metric of a mixture (what a recommendation is scored by).</summary>
    public double TargetValue(Mixture w) => Expected(w.Weights, Ladder.Count - 1);

    /// <summary>How much worse than the optimum a target metric value is (≥ 0 up to the optimizer's tolerance).</summary>
    public double Regret(double value) => Spec.Minimize ? value - Optimum.Value : Optimum.Value - value;

    /// <summary>One run of the open oracle: the metric at (mixture, fidelity) with noise drawn from <paramref name="noiseSeed"/>.</summary>
    public double Sample(Mixture w, double fidelity, int noiseSeed)
    {
        var value = Expected(w.Weights, RungOf(fidelity));
        return NoiseStd > 0 ? value + Normal.Sample(new Random(noiseSeed), 0, NoiseStd) : value;
    }

    /// <summary>
    /// A finite pool like a published run table: <paramref name="mixtures"/> sparse Dirichlet mixtures, each run at
    /// every rung (fidelity and cost relative to the target), with noise. Deterministic in (family, seed, mixtures).
    /// </summary>
    public RunTable Pool(int mixtures, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(mixtures, 2);
        var random = new Random(SeedMixer.Mix(Seed, seed, 0x9001));
        var rows = new List<RunTableRow>();
        for (var i = 0; i < mixtures; i++)
        {
            var w = SparseDirichlet.Next(Spec.Domains, random);
            for (var k = 0; k < Ladder.Count; k++)
            {
                var value = Expected(w, k) + (NoiseStd > 0 ? Normal.Sample(random, 0, NoiseStd) : 0);
                rows.Add(new RunTableRow(rows.Count + 2, w, Ladder[k].Value, Ladder[k].Cost, [value]));
            }
        }
        return new RunTable($"family:{Name}:seed{Seed.ToString(CultureInfo.InvariantCulture)}", DomainNames, [MetricName], hasFidelity: true, rows);
    }

    private double Report(double loss) => Spec.Minimize ? loss : 10.0 - loss;

    private static (double Mean, double Sd) MeanSd(double[] values)
    {
        var mean = values.Average();
        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
        return (mean, sd > 0 ? sd : 1.0);
    }
}

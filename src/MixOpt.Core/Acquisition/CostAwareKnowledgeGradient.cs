using MathNet.Numerics.Distributions;
using MixOpt.Core.Surrogates;
using MixOpt.Core.Surrogates.Gp;

namespace MixOpt.Core.Acquisition;

/// <summary>
/// A cost-aware multi-fidelity knowledge gradient (in the spirit of Wu et al.'s cfKG): a run at (x, fidelity m) is
/// worth how much it is expected to improve the best posterior mean <em>at the target fidelity</em> over a
/// reference set of promising target mixtures, divided by the run's cost. A cheap run counts exactly as far as
/// the multi-fidelity posterior says it correlates with the target, so the acquisition uses the cheap rung while
/// it is informative and moves up once cheap runs have little left to say.
/// The expectation over the outcome uses fixed normal quantiles (deterministic, smooth in x).
/// </summary>
public sealed class CostAwareKnowledgeGradient : IAcquisition
{
    private static readonly double[] Nodes = Enumerable.Range(0, 32).Select(i => Normal.InvCDF(0, 1, (i + 0.5) / 32)).ToArray();

    private readonly GaussianProcess _process;
    private readonly BelievedPosterior.RunEncoder _encode;
    private readonly double _target;
    private readonly bool _minimize;
    private readonly List<double[]> _reference = [];
    private readonly List<double[]> _referenceWhitened = [];
    private readonly List<double> _referenceUtility = [];
    private readonly IReadOnlyList<double> _fidelities;
    private readonly IReadOnlyList<double> _costs;

    /// <param name="process">The multi-fidelity posterior (pending runs already fantasized in, if any).</param>
    /// <param name="reference">Mixtures whose target value the decision is about (e.g. the current best few).</param>
    /// <param name="fidelities">The rungs <see cref="Score"/> chooses between (default: the target alone).</param>
    /// <param name="costs">Their costs per run (default: 1 each).</param>
    public CostAwareKnowledgeGradient(GaussianProcess process, FidelityScale scale, bool minimize, IEnumerable<double[]> reference,
        IReadOnlyList<double>? fidelities = null, IReadOnlyList<double>? costs = null)
        : this(process, (w, fidelity, input) => MultiFidelityGpSurrogate.Encode(w, fidelity, scale, input), scale.Target, minimize, reference, fidelities, costs)
    {
    }

    /// <param name="process">The multi-fidelity posterior (pending runs already fantasized in, if any).</param>
    /// <param name="encode">The model input of a run (mixture at a fidelity).</param>
    /// <param name="targetFidelity">The fidelity the decision is about.</param>
    /// <param name="reference">Mixtures whose target value the decision is about (e.g. the current best few).</param>
    /// <param name="fidelities">The rungs <see cref="Score"/> chooses between (default: the target alone).</param>
    /// <param name="costs">Their costs per run (default: 1 each).</param>
    public CostAwareKnowledgeGradient(GaussianProcess process, BelievedPosterior.RunEncoder encode, double targetFidelity, bool minimize, IEnumerable<double[]> reference,
        IReadOnlyList<double>? fidelities = null, IReadOnlyList<double>? costs = null)
    {
        _encode = encode;
        _target = targetFidelity;
        _fidelities = fidelities ?? [targetFidelity];
        _costs = costs ?? _fidelities.Select(_ => 1.0).ToArray();
        if (_costs.Count != _fidelities.Count) throw new ArgumentException($"{_fidelities.Count} fidelities but {_costs.Count} costs.", nameof(costs));
        _process = process;
        _minimize = minimize;
        foreach (var r in reference) AddReference(r);
    }

    public IReadOnlyList<double> Fidelities => _fidelities;

    /// <summary>The best value per unit cost over the rungs given at construction, and that rung.</summary>
    public (double Value, double Fidelity) Score(double[] mixture) => Best(mixture, _fidelities, _costs);

    /// <summary>Value of information per unit cost of a run of <paramref name="mixture"/> at <paramref name="fidelity"/>.</summary>
    public double Value(ReadOnlySpan<double> mixture, double fidelity, double cost) =>
        Best(mixture.ToArray(), [fidelity], [cost]).Value;

    /// <summary>
    /// The rung with the highest value per unit cost for <paramref name="mixture"/>, and that value. The target
    /// posterior of the mixture is shared by all rungs, so scoring every rung costs little more than one.
    /// </summary>
    public (double Value, double Fidelity) Best(double[] mixture, IReadOnlyList<double> fidelities, IReadOnlyList<double> costs)
    {
        var target = new double[_process.InputWidth];
        _encode(mixture, _target, target);
        var (targetMean, targetVariance, targetWhitened) = _process.PredictStandardized(target);
        var best = (Value: double.NegativeInfinity, Fidelity: fidelities[0]);
        for (var r = 0; r < fidelities.Count; r++)
        {
            double[] input;
            double variance;
            double[] whitened;
            if (fidelities[r] >= _target)
                (input, variance, whitened) = (target, targetVariance, targetWhitened);
            else
            {
                input = new double[_process.InputWidth];
                _encode(mixture, fidelities[r], input);
                (_, variance, whitened) = _process.PredictStandardized(input);
            }
            var value = Gain(input, variance, whitened, target, targetMean, targetWhitened) / costs[r];
            if (value > best.Value) best = (value, fidelities[r]);
        }
        return best;
    }

    private double Gain(double[] input, double variance, double[] whitened, double[] target, double targetMean, double[] targetWhitened)
    {
        var outcomeStd = Math.Sqrt(variance + _process.Noise);
        // The candidate's own mixture at the target joins the reference set: a run can reveal a new best.
        var count = _reference.Count + 1;
        Span<double> utility = count <= 256 ? stackalloc double[count] : new double[count];
        Span<double> slope = count <= 256 ? stackalloc double[count] : new double[count];
        for (var a = 0; a < _reference.Count; a++)
        {
            utility[a] = _referenceUtility[a];
            slope[a] = Sign * _process.PosteriorCovariance(_reference[a], _referenceWhitened[a], input, whitened) / outcomeStd;
        }
        utility[count - 1] = Sign * targetMean;
        slope[count - 1] = Sign * _process.PosteriorCovariance(target, targetWhitened, input, whitened) / outcomeStd;

        var before = double.NegativeInfinity;
        foreach (var u in utility) before = Math.Max(before, u);
        var expected = 0.0;
        foreach (var z in Nodes)
        {
            var best = double.NegativeInfinity;
            for (var a = 0; a < count; a++) best = Math.Max(best, utility[a] + slope[a] * z);
            expected += best;
        }
        return Math.Max(0, expected / Nodes.Length - before);
    }

    private double Sign => _minimize ? -1 : 1;

    private void AddReference(double[] mixture)
    {
        var input = new double[_process.InputWidth];
        _encode(mixture, _target, input);
        var (mean, _, whitened) = _process.PredictStandardized(input);
        _reference.Add(input);
        _referenceWhitened.Add(whitened);
        _referenceUtility.Add(Sign * mean);
    }
}

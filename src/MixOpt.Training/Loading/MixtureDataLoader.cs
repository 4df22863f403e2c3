using MixOpt.Core.Mixtures;
using MixOpt.Core.Randomness;

namespace MixOpt.Training.Loading;

/// <summary>
/// Draws training batches by domain proportions. Each row is assigned to the domain furthest below its share so
/// far (so the measured proportions track the mixture within one row at every point), and each domain serves
/// non-overlapping windows of its train tokens in an order shuffled per seed and per epoch. Everything is
/// deterministic given the seed. The planned number of rows is checked up front against the epoch cap.
/// </summary>
public sealed class MixtureDataLoader
{
    private readonly IReadOnlyList<int[]> _tokens;
    private readonly double[] _weights;
    private readonly int _length;
    private readonly int _rows;
    private readonly int _seed;
    private readonly DomainCursor[] _cursors;
    private readonly long[] _rowsDrawn;
    private long _totalRows;
    private readonly IReadOnlyList<string> _names;
    private readonly double _maxEpochs;
    // Rows since the proportions last changed: the deficit rule tracks the current proportions, not the run's history.
    private readonly long[] _segmentRows;
    private long _segmentTotal;

    /// <param name="names">Domain names (for messages), in mixture order.</param>
    /// <param name="trainTokens">Each domain's train tokens, in mixture order.</param>
    /// <param name="plannedBatches">How many batches training will draw, for the epoch-cap check.</param>
    /// <param name="maxEpochs">The most passes over any domain's train tokens the plan may make.</param>
    public MixtureDataLoader(IReadOnlyList<string> names, IReadOnlyList<int[]> trainTokens, Mixture mixture, int rows, int length,
        int plannedBatches, double maxEpochs, int seed)
    {
        if (names.Count != trainTokens.Count || mixture.Count != names.Count)
            throw new ArgumentException($"The mixture has {mixture.Count} weights for {names.Count} domains ({trainTokens.Count} token sets).");
        if (rows <= 0 || length <= 0) throw new ArgumentOutOfRangeException(nameof(rows), "Batch rows and sequence length must be positive.");
        _tokens = trainTokens;
        _weights = mixture.ToArray();
        _length = length;
        _rows = rows;
        _seed = seed;
        _names = names;
        _maxEpochs = maxEpochs;
        _rowsDrawn = new long[names.Count];
        _segmentRows = new long[names.Count];
        _cursors = new DomainCursor[names.Count];
        for (var d = 0; d < names.Count; d++)
            _cursors[d] = new DomainCursor(trainTokens[d].Length / (length + 1), SeedMixer.Mix(seed, d));
        CheckPlan(_weights, plannedBatches);
    }

    /// <summary>
    /// Switches to new proportions between batches without restarting: the domains' shuffled orders and the rows
    /// drawn so far are kept, and from the next batch rows follow <paramref name="mixture"/>. The epoch cap is checked
    /// for what was drawn plus <paramref name="plannedBatches"/> more batches; a plan that breaks it is refused and
    /// the loader keeps its current proportions.
    /// </summary>
    public void SetProportions(Mixture mixture, int plannedBatches)
    {
        if (mixture.Count != _weights.Length)
            throw new ArgumentException($"The new mixture has {mixture.Count} weights for {_weights.Length} domains.");
        var weights = mixture.ToArray();
        CheckPlan(weights, plannedBatches);
        Array.Copy(weights, _weights, weights.Length);
        Array.Clear(_segmentRows);
        _segmentTotal = 0;
    }

    /// <summary>The proportions rows follow now.</summary>
    public IReadOnlyList<double> Proportions => _weights.ToArray();

    private void CheckPlan(double[] weights, int plannedBatches)
    {
        for (var d = 0; d < weights.Length; d++)
        {
            var windows = _cursors[d].Windows;
            if (weights[d] > 0 && windows == 0)
                throw new ArgumentException($"Mixture weight {weights[d]:0.###} on domain '{_names[d]}', which has {_tokens[d].Length} train tokens: it needs at least {_length + 1} for one sequence.");
            var plannedEpochs = (_rowsDrawn[d] + weights[d] * _rows * (double)plannedBatches) / Math.Max(1, windows);
            if (plannedEpochs > _maxEpochs)
                throw new EpochCapException($"Mixture weight {weights[d]:0.###} on domain '{_names[d]}' needs {plannedEpochs:0.##} epochs of its {_tokens[d].Length} train tokens; the cap is {_maxEpochs:0.##}.");
        }
    }

    public int DomainCount => _weights.Length;

    /// <summary>Rows drawn per domain divided by all rows drawn.</summary>
    public double[] MeasuredProportions => _rowsDrawn.Select(r => _totalRows == 0 ? 0 : r / (double)_totalRows).ToArray();

    /// <summary>Passes over each domain's train windows so far (fractional).</summary>
    public double[] Epochs => _cursors.Select((c, d) => c.Windows == 0 ? 0 : _rowsDrawn[d] / (double)c.Windows).ToArray();

    public long[] TokensDrawn => _rowsDrawn.Select(r => r * _length).ToArray();

    public TokenBatch Next()
    {
        var inputs = new long[_rows * _length];
        var targets = new long[_rows * _length];
        var domains = new int[_rows];
        for (var r = 0; r < _rows; r++)
        {
            var d = MostBehind();
            domains[r] = d;
            var start = _cursors[d].NextWindow() * (_length + 1);
            var source = _tokens[d];
            for (var i = 0; i < _length; i++)
            {
                inputs[r * _length + i] = source[start + i];
                targets[r * _length + i] = source[start + i + 1];
            }
            _rowsDrawn[d]++;
            _totalRows++;
            _segmentRows[d]++;
            _segmentTotal++;
        }
        return new TokenBatch(inputs, targets, domains, _rows, _length);
    }

    /// <summary>The domain whose share of rows is furthest below its weight after this row (ties: lowest index).</summary>
    private int MostBehind()
    {
        var best = -1;
        var bestDeficit = double.NegativeInfinity;
        for (var d = 0; d < _weights.Length; d++)
        {
            if (_weights[d] <= 0) continue;
            var deficit = _weights[d] * (_segmentTotal + 1) - _segmentRows[d];
            if (deficit > bestDeficit) (best, bestDeficit) = (d, deficit);
        }
        return best;
    }

    /// <summary>Walks a domain's windows in a seeded permutation, reshuffled at each new epoch.</summary>
    private sealed class DomainCursor(int windows, int seed)
    {
        private int[] _order = [];
        private int _next;
        private int _epoch;

        public int Windows { get; } = windows;

        public int NextWindow()
        {
            if (_next == _order.Length)
            {
                _order = Enumerable.Range(0, Windows).ToArray();
                new Random(SeedMixer.Mix(seed, _epoch++)).Shuffle(_order);
                _next = 0;
            }
            return _order[_next++];
        }
    }
}

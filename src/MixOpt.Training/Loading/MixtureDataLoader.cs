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
        _rowsDrawn = new long[names.Count];
        _cursors = new DomainCursor[names.Count];
        for (var d = 0; d < names.Count; d++)
        {
            var windows = trainTokens[d].Length / (length + 1);
            if (_weights[d] > 0 && windows == 0)
                throw new ArgumentException($"Mixture weight {_weights[d]:0.###} on domain '{names[d]}', which has {trainTokens[d].Length} train tokens: it needs at least {length + 1} for one sequence.");
            var plannedEpochs = _weights[d] * rows * (double)plannedBatches / Math.Max(1, windows);
            if (plannedEpochs > maxEpochs)
                throw new EpochCapException($"Mixture weight {_weights[d]:0.###} on domain '{names[d]}' needs {plannedEpochs:0.##} epochs of its {trainTokens[d].Length} train tokens; the cap is {maxEpochs:0.##}.");
            _cursors[d] = new DomainCursor(windows, SeedMixer.Mix(seed, d));
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
            var deficit = _weights[d] * (_totalRows + 1) - _rowsDrawn[d];
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

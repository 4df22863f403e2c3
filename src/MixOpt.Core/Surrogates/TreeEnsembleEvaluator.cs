using Microsoft.ML.Trainers.FastTree;

namespace MixOpt.Core.Surrogates;

/// <summary>
/// A trained boosted-tree ensemble flattened into arrays and evaluated in plain C#. ML.NET's per-row prediction
/// engine costs microseconds per row; scoring a million candidate mixtures needs nanoseconds, and walking the
/// trees over a block of rows at a time keeps each tree in cache.
/// </summary>
public sealed class TreeEnsembleEvaluator
{
    // Node arrays of all trees, concatenated. A negative child c is leaf ~c of that tree.
    private readonly int[] _feature;
    private readonly float[] _threshold;
    // Children interleaved: [2k] is taken when feature <= threshold, [2k + 1] otherwise, so the walk indexes by
    // the comparison instead of branching on it (tree splits are unpredictable; mispredictions dominate).
    private readonly int[] _children;
    private readonly double[] _leaf;
    private readonly int[] _nodeOffset;
    private readonly int[] _leafOffset;
    private readonly double[] _weight;
    private readonly double _bias;

    public TreeEnsembleEvaluator(RegressionTreeEnsemble ensemble)
    {
        var trees = ensemble.Trees;
        _nodeOffset = new int[trees.Count];
        _leafOffset = new int[trees.Count];
        var nodes = 0;
        var leaves = 0;
        for (var t = 0; t < trees.Count; t++)
        {
            if (trees[t].CategoricalSplitFlags.Any(f => f))
                throw new NotSupportedException("Categorical splits are not expected for mixture features.");
            _nodeOffset[t] = nodes;
            _leafOffset[t] = leaves;
            nodes += trees[t].NumberOfNodes;
            leaves += trees[t].NumberOfLeaves;
        }
        _feature = new int[nodes];
        _threshold = new float[nodes];
        _children = new int[2 * nodes];
        _leaf = new double[leaves];
        for (var t = 0; t < trees.Count; t++)
        {
            var tree = trees[t];
            for (var k = 0; k < tree.NumberOfNodes; k++)
            {
                _feature[_nodeOffset[t] + k] = tree.NumericalSplitFeatureIndexes[k];
                _threshold[_nodeOffset[t] + k] = tree.NumericalSplitThresholds[k];
                _children[2 * (_nodeOffset[t] + k)] = tree.LeftChild[k];
                _children[2 * (_nodeOffset[t] + k) + 1] = tree.RightChild[k];
            }
            for (var k = 0; k < tree.NumberOfLeaves; k++) _leaf[_leafOffset[t] + k] = tree.LeafValues[k];
        }
        _weight = ensemble.TreeWeights.ToArray();
        _bias = ensemble.Bias;
    }

    public int Trees => _weight.Length;

    /// <summary>
    /// Adds the ensemble's output for each row of <paramref name="features"/> (row-major, <paramref name="width"/>
    /// floats per row) to <paramref name="output"/>. Tree-major order keeps one tree's nodes hot in cache.
    /// </summary>
    public void AddTo(float[] features, int width, Span<double> output)
    {
        var rows = features.Length / width;
        for (var r = 0; r < rows; r++) output[r] += _bias;
        var feature = _feature;
        var threshold = _threshold;
        var children = _children;
        var leaf = _leaf;
        for (var t = 0; t < _weight.Length; t++)
        {
            var nodeBase = _nodeOffset[t];
            var leafBase = _leafOffset[t];
            var weight = _weight[t];
            // A one-leaf tree has no nodes: its only leaf is ~0.
            var root = NodeCount(t) == 0 ? ~0 : 0;
            for (var r = 0; r < rows; r++)
            {
                var rowBase = r * width;
                var node = root;
                while (node >= 0)
                {
                    var k = nodeBase + node;
                    var goRight = features[rowBase + feature[k]] > threshold[k] ? 1 : 0;
                    node = children[2 * k + goRight];
                }
                output[r] += weight * leaf[leafBase + ~node];
            }
        }
    }

    private int NodeCount(int tree) => (tree + 1 < _nodeOffset.Length ? _nodeOffset[tree + 1] : _feature.Length) - _nodeOffset[tree];
}

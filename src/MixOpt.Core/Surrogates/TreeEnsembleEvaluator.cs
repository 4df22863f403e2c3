using Microsoft.ML.Trainers.FastTree;

namespace MixOpt.Core.Surrogates;

/// <summary>
/// A trained boosted-tree ensemble flattened into arrays and evaluated in plain C#. ML.NET's per-row prediction
/// engine costs microseconds per row; scoring a million candidate mixtures needs nanoseconds. Each tree is stored
/// so that a walk takes exactly the tree's depth in steps: leaves are extra nodes that point to themselves (with an
/// infinite threshold), so there is no data-dependent loop exit, the next child is indexed by the comparison rather
/// than branched on, and four rows walk a tree in lockstep to overlap their memory loads.
/// </summary>
public sealed class TreeEnsembleEvaluator
{
    private readonly int[] _feature;
    private readonly float[] _threshold;
    private readonly int[] _children; // [2k] when feature <= threshold, [2k + 1] otherwise; tree-local node ids
    private readonly double[] _leafValue; // per node; only leaf nodes' entries are used
    private readonly int[] _nodeOffset;
    private readonly int[] _depth;
    private readonly double[] _weight;
    private readonly double _bias;

    public TreeEnsembleEvaluator(RegressionTreeEnsemble ensemble)
    {
        var trees = ensemble.Trees;
        _nodeOffset = new int[trees.Count];
        _depth = new int[trees.Count];
        var total = 0;
        for (var t = 0; t < trees.Count; t++)
        {
            if (trees[t].CategoricalSplitFlags.Any(f => f))
                throw new NotSupportedException("Categorical splits are not expected for mixture features.");
            _nodeOffset[t] = total;
            total += trees[t].NumberOfNodes + trees[t].NumberOfLeaves;
        }
        _feature = new int[total];
        _threshold = new float[total];
        _children = new int[2 * total];
        _leafValue = new double[total];
        for (var t = 0; t < trees.Count; t++)
        {
            var tree = trees[t];
            var inner = tree.NumberOfNodes;
            var offset = _nodeOffset[t];
            // Internal node k keeps id k; leaf j becomes node inner + j. A one-leaf tree is just its leaf, node 0.
            int Id(int child) => child < 0 ? inner + ~child : child;
            for (var k = 0; k < inner; k++)
            {
                _feature[offset + k] = tree.NumericalSplitFeatureIndexes[k];
                _threshold[offset + k] = tree.NumericalSplitThresholds[k];
                _children[2 * (offset + k)] = Id(tree.LeftChild[k]);
                _children[2 * (offset + k) + 1] = Id(tree.RightChild[k]);
            }
            for (var j = 0; j < tree.NumberOfLeaves; j++)
            {
                var node = offset + inner + j;
                _threshold[node] = float.PositiveInfinity;
                _children[2 * node] = inner + j;
                _children[2 * node + 1] = inner + j;
                _leafValue[node] = tree.LeafValues[j];
            }
            _depth[t] = inner == 0 ? 0 : Depth(tree, 0);
        }
        _weight = ensemble.TreeWeights.ToArray();
        _bias = ensemble.Bias;
    }

    public int Trees => _weight.Length;

    private static int Depth(RegressionTree tree, int node)
    {
        var left = tree.LeftChild[node];
        var right = tree.RightChild[node];
        return 1 + Math.Max(left < 0 ? 0 : Depth(tree, left), right < 0 ? 0 : Depth(tree, right));
    }

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
        var leaf = _leafValue;
        for (var t = 0; t < _weight.Length; t++)
        {
            var b = _nodeOffset[t];
            var depth = _depth[t];
            var weight = _weight[t];
            var r = 0;
            for (; r + 4 <= rows; r += 4)
            {
                int n0 = 0, n1 = 0, n2 = 0, n3 = 0;
                int o0 = r * width, o1 = o0 + width, o2 = o1 + width, o3 = o2 + width;
                for (var s = 0; s < depth; s++)
                {
                    n0 = children[2 * (b + n0) + (features[o0 + feature[b + n0]] > threshold[b + n0] ? 1 : 0)];
                    n1 = children[2 * (b + n1) + (features[o1 + feature[b + n1]] > threshold[b + n1] ? 1 : 0)];
                    n2 = children[2 * (b + n2) + (features[o2 + feature[b + n2]] > threshold[b + n2] ? 1 : 0)];
                    n3 = children[2 * (b + n3) + (features[o3 + feature[b + n3]] > threshold[b + n3] ? 1 : 0)];
                }
                output[r] += weight * leaf[b + n0];
                output[r + 1] += weight * leaf[b + n1];
                output[r + 2] += weight * leaf[b + n2];
                output[r + 3] += weight * leaf[b + n3];
            }
            for (; r < rows; r++)
            {
                var n = 0;
                var o = r * width;
                for (var s = 0; s < depth; s++) n = children[2 * (b + n) + (features[o + feature[b + n]] > threshold[b + n] ? 1 : 0)];
                output[r] += weight * leaf[b + n];
            }
        }
    }
}

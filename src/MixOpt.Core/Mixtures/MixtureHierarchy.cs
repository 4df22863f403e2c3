using MathNet.Numerics.Distributions;

namespace MixOpt.Core.Mixtures;

/// <summary>
/// A hierarchical mixture space (Olmix's source → topic → quality bucket; QuaDMix's domain → bucket) over a flat
/// simplex of domains. Each group shares its mass among its children; the children's shares within the group are
/// bounded by a box (<see cref="HierarchyNode.Min"/>/<see cref="HierarchyNode.Max"/>), so every level is a small
/// constrained simplex of its own. Strategies keep seeing the flat mixture (the product of the shares along each
/// leaf's path); this class draws, checks and projects flat mixtures level by level.
/// </summary>
public sealed class MixtureHierarchy
{
    private readonly Dictionary<HierarchyNode, MixtureConstraints> _bounds = [];

    /// <param name="root">The root group; its children are the top-level groups, bounded as shares of the whole mixture.</param>
    /// <param name="domains">Flat domain count; the leaves must be exactly 0..domains-1, each once.</param>
    /// <param name="quaDMix">Leaf groups weigh their buckets by <see cref="QuaDMixWeights"/> instead of freely.</param>
    public MixtureHierarchy(HierarchyNode root, int domains, bool quaDMix = false)
    {
        var leaves = root.Leaves().Select(l => l.Domain).Order().ToArray();
        if (!leaves.SequenceEqual(Enumerable.Range(0, domains)))
            throw new ArgumentException($"The groups' leaves must be the {domains} domains, each exactly once.", nameof(root));
        Root = root;
        Domains = domains;
        QuaDMix = quaDMix;
        foreach (var group in root.Groups().Where(g => g.Children.Count >= 2))
        {
            try
            {
                _bounds[group] = MixtureConstraints.Create(group.Children.Count, group.Children.Select(c => c.Min).ToArray(), group.Children.Select(c => c.Max).ToArray());
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"Group '{group.Name}': the bounds on its members' shares cannot all hold ({e.Message})", nameof(root));
            }
        }
        foreach (var group in root.Groups().Where(g => g.Children.Count == 1))
            if (group.Children[0].Min > 1 || group.Children[0].Max < 1)
                throw new ArgumentException($"Group '{group.Name}' has one member, whose share must be 1; its bounds exclude that.", nameof(root));
    }

    public HierarchyNode Root { get; }

    public int Domains { get; }

    public bool QuaDMix { get; }

    /// <summary>
    /// One draw, level by level: each group's shares come from a Dirichlet centred on its children's token shares
    /// (α = share · concentration · children), placed inside the group's bounds; with <see cref="QuaDMix"/> a
    /// leaf group draws θ ~ U(0, 1) and s ~ U(0, <see cref="QuaDMixWeights.MaxSharpness"/>) instead.
    /// </summary>
    public void Draw(Random random, double concentration, Span<double> flat)
    {
        if (flat.Length != Domains) throw new ArgumentException($"Expected {Domains} weights, got {flat.Length}.", nameof(flat));
        if (!(concentration > 0) || !double.IsFinite(concentration)) throw new ArgumentOutOfRangeException(nameof(concentration), concentration, "Concentration must be positive.");
        DrawNode(Root, 1.0, random, concentration, flat);
    }

    private void DrawNode(HierarchyNode node, double mass, Random random, double concentration, Span<double> flat)
    {
        if (node.IsLeaf) { flat[node.Domain] = mass; return; }
        var n = node.Children.Count;
        var shares = new double[n];
        if (n == 1) shares[0] = 1;
        else if (QuaDMix && node.IsLeafGroup)
        {
            var quality = QuaDMixWeights.Shares(TokensOf(node), random.NextDouble(), random.NextDouble() * QuaDMixWeights.MaxSharpness);
            quality.CopyTo(shares, 0);
            _bounds[node].Project(shares);
        }
        else
        {
            var prior = PriorOf(node);
            var alpha = prior.Select(p => Math.Max(p * concentration * n, 1e-3)).ToArray();
            ConstrainedDirichlet.Draw(random, alpha, _bounds[node], shares);
        }
        for (var i = 0; i < n; i++) DrawNode(node.Children[i], mass * shares[i], random, concentration, flat);
    }

    /// <summary>True when every group's members' shares lie within their bounds (a group with no mass passes).</summary>
    public bool IsSatisfiedBy(ReadOnlySpan<double> flat, double tolerance = 1e-9)
    {
        if (flat.Length != Domains) return false;
        var sum = 0.0;
        foreach (var w in flat)
        {
            if (!(w >= -tolerance)) return false;
            sum += w;
        }
        if (Math.Abs(sum - 1) > 1e-6) return false;
        foreach (var group in Root.Groups())
        {
            var total = group.Total(flat);
            if (total <= 1e-12) continue;
            foreach (var child in group.Children)
            {
                var share = child.Total(flat) / total;
                // Compare in mass, not share, so a group holding a tiny mass is not failed for rounding.
                if (share * total < child.Min * total - tolerance || share * total > child.Max * total + tolerance) return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Moves a flat mixture into the hierarchy's feasible set, level by level from the top: each group's members'
    /// shares (their masses over the group's) are projected onto the group's box; a group with no mass takes its
    /// prior (token) shares. With <see cref="QuaDMix"/>, leaf groups are first fitted to the nearest (θ, s).
    /// A mixture that already meets every bound is left as it is.
    /// </summary>
    public void Project(Span<double> flat)
    {
        if (flat.Length != Domains) throw new ArgumentException($"Expected {Domains} weights, got {flat.Length}.", nameof(flat));
        if (!QuaDMix && IsSatisfiedBy(flat)) return;
        var source = flat.ToArray();
        ProjectNode(Root, 1.0, source, flat);
    }

    private void ProjectNode(HierarchyNode node, double mass, double[] source, Span<double> flat)
    {
        if (node.IsLeaf) { flat[node.Domain] = mass; return; }
        var n = node.Children.Count;
        var shares = node.Children.Select(c => Math.Max(c.Total(source), 0)).ToArray();
        var total = shares.Sum();
        if (total > 0) for (var i = 0; i < n; i++) shares[i] /= total;
        else shares = PriorOf(node);
        if (n == 1) shares[0] = 1;
        else
        {
            if (QuaDMix && node.IsLeafGroup)
            {
                var tokens = TokensOf(node);
                var (theta, s) = QuaDMixWeights.Fit(shares, tokens);
                shares = QuaDMixWeights.Shares(tokens, theta, s);
            }
            _bounds[node].Project(shares);
        }
        for (var i = 0; i < n; i++) ProjectNode(node.Children[i], mass * shares[i], source, flat);
    }

    /// <summary>A group's children's token shares (uniform when no tokens are known).</summary>
    public static double[] PriorOf(HierarchyNode group)
    {
        var tokens = TokensOf(group);
        var sum = tokens.Sum();
        return sum > 0 ? tokens.Select(t => t / sum).ToArray() : Enumerable.Repeat(1.0 / tokens.Length, tokens.Length).ToArray();
    }

    private static double[] TokensOf(HierarchyNode group) => group.Children.Select(c => c.Tokens).ToArray();
}

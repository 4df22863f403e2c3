namespace MixOpt.Core.Mixtures;

/// <summary>
/// One node of a <see cref="MixtureHierarchy"/>: a leaf is one flat domain (by index); a group has children.
/// <see cref="Min"/> and <see cref="Max"/> bound this node's share of its parent; <see cref="Tokens"/> (the sum
/// over its leaves) gives its prior share, so the hierarchical Dirichlet is centred on the natural mixture.
/// </summary>
public sealed class HierarchyNode
{
    private HierarchyNode(string name, int domain, IReadOnlyList<HierarchyNode> children, double tokens, double min, double max)
    {
        Name = name; Domain = domain; Children = children; Tokens = tokens; Min = min; Max = max;
    }

    public string Name { get; }

    /// <summary>The flat domain index of a leaf; -1 for a group.</summary>
    public int Domain { get; }

    public IReadOnlyList<HierarchyNode> Children { get; }

    public double Tokens { get; }

    public double Min { get; }

    public double Max { get; }

    public bool IsLeaf => Domain >= 0;

    /// <summary>True for a group whose children are all leaves (a domain's quality buckets).</summary>
    public bool IsLeafGroup => !IsLeaf && Children.All(c => c.IsLeaf);

    public static HierarchyNode Leaf(string name, int domain, double tokens, double min = 0, double max = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(domain);
        return new HierarchyNode(name, domain, [], Math.Max(tokens, 0), min, max);
    }

    public static HierarchyNode Group(string name, IReadOnlyList<HierarchyNode> children, double min = 0, double max = 1)
    {
        if (children.Count == 0) throw new ArgumentException($"Group '{name}' has no members.", nameof(children));
        return new HierarchyNode(name, -1, children, children.Sum(c => c.Tokens), min, max);
    }

    /// <summary>This node's leaves, depth first.</summary>
    public IEnumerable<HierarchyNode> Leaves() => IsLeaf ? [this] : Children.SelectMany(c => c.Leaves());

    /// <summary>This node and every group below it, parents first.</summary>
    public IEnumerable<HierarchyNode> Groups() => IsLeaf ? [] : Children.SelectMany(c => c.Groups()).Prepend(this);

    /// <summary>The mass of a flat mixture on this node (the sum over its leaves).</summary>
    public double Total(ReadOnlySpan<double> flat)
    {
        if (IsLeaf) return flat[Domain];
        var sum = 0.0;
        foreach (var child in Children) sum += child.Total(flat);
        return sum;
    }
}

using MixOpt.Core.Mixtures;

namespace MixOpt.Core.Studies;

/// <summary>A study's hierarchical space (its <c>groups</c>) as a <see cref="MixtureHierarchy"/>, and a flat mixture seen per level.</summary>
public static class StudyHierarchy
{
    /// <summary>
    /// The study's hierarchy, or null when it declares no groups. Throws <see cref="ArgumentException"/> naming the
    /// problem when the groups do not partition the domains or a group's bounds cannot all hold.
    /// </summary>
    public static MixtureHierarchy? Of(StudySpec study)
    {
        if (study.Groups is not { Count: > 0 } groups) return null;
        var index = study.Domains.Select((d, i) => (d.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        HierarchyNode Build(GroupSpec group, double min, double max)
        {
            var members = new List<HierarchyNode>();
            if (group.Domains is { Count: > 0 } domains)
                foreach (var name in domains)
                {
                    if (!index.TryGetValue(name, out var i)) throw new ArgumentException($"Group '{group.Name}' names '{name}', which is not a domain of this study.");
                    if (!seen.Add(name)) throw new ArgumentException($"Domain '{name}' is in more than one group; groups must partition the domains.");
                    members.Add(HierarchyNode.Leaf(name, i, study.Domains[i].Tokens ?? 0, Lower(group, name, null), Upper(group, name, null)));
                }
            else if (group.Groups is { Count: > 0 } children)
                members.AddRange(children.Select(c => Build(c, Lower(group, c.Name, c.Min), Upper(group, c.Name, c.Max))));
            else throw new ArgumentException($"Group '{group.Name}' has neither domains nor groups.");
            return HierarchyNode.Group(group.Name, members, min, max);
        }
        var root = HierarchyNode.Group("", groups.Select(g => Build(g, g.Min ?? 0, g.Max ?? 1)).ToArray());
        var missing = study.DomainNames.Where(n => !seen.Contains(n)).ToArray();
        if (missing.Length > 0) throw new ArgumentException($"Domains {string.Join(", ", missing.Select(m => $"'{m}'"))} are in no group; groups must partition the domains.");
        return new MixtureHierarchy(root, study.Domains.Count, study.GroupWeights == GroupWeightNames.QuaDMix);
    }

    // A member's bounds within its group: its own min/max (child groups) intersected with the group's shareMin/shareMax for it.
    private static double Lower(GroupSpec group, string member, double? own) =>
        Math.Max(own ?? 0, group.ShareMin is { } m && m.TryGetValue(member, out var v) ? v : 0);

    private static double Upper(GroupSpec group, string member, double? own) =>
        Math.Min(own ?? 1, group.ShareMax is { } m && m.TryGetValue(member, out var v) ? v : 1);

    /// <summary>
    /// A flat mixture (domain → proportion) per level: every group, parents first, with its total share of the
    /// whole mixture and each member's share of the group. Null when the study declares no groups.
    /// </summary>
    public static IReadOnlyList<GroupLevel>? LevelsOf(StudySpec study, IReadOnlyDictionary<string, double> mixture)
    {
        if (study.Groups is not { Count: > 0 } groups) return null;
        var levels = new List<GroupLevel>();
        double Total(GroupSpec g) =>
            (g.Domains ?? []).Sum(d => mixture.TryGetValue(d, out var w) ? w : 0) + (g.Groups ?? []).Sum(Total);
        void Visit(GroupSpec g, string parent, int depth)
        {
            var path = parent.Length == 0 ? g.Name : parent + "/" + g.Name;
            var total = Total(g);
            var shares = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var d in g.Domains ?? []) shares[d] = total > 0 && mixture.TryGetValue(d, out var w) ? w / total : 0;
            foreach (var c in g.Groups ?? []) shares[c.Name] = total > 0 ? Total(c) / total : 0;
            levels.Add(new GroupLevel(path, depth, total, shares));
            foreach (var c in g.Groups ?? []) Visit(c, path, depth + 1);
        }
        foreach (var g in groups) Visit(g, "", 0);
        return levels;
    }
}

/// <summary>One group of a recommendation seen per level: its path, depth (0 = top), total share and its members' shares within it.</summary>
public sealed record GroupLevel(string Group, int Depth, double Total, IReadOnlyDictionary<string, double> Shares);

using MixOpt.Core.Text;

namespace MixOpt.Core.Studies;

public static partial class StudySpecValidator
{
    /// <summary>Deepest nesting of groups (source → topic → bucket is 3).</summary>
    public const int MaxGroupDepth = 8;

    /// <summary>
    /// A hierarchical space: groups that partition the domains (each domain in exactly one leaf group), names
    /// unique, bounds that are proportions, token counts for every domain (the per-level priors and QuaDMix's map
    /// are token shares), and, once each part is fine, bounds that some mixture meets.
    /// </summary>
    private static void ValidateGroups(StudySpec spec, Action<string, string> add, bool restIsValid)
    {
        if (spec.GroupWeights is { } weighing && !GroupWeightNames.All.Contains(weighing))
            add("groupWeights", $"Unknown group weighting '{weighing}'. Known: {string.Join(", ", GroupWeightNames.All)}.");
        if (spec.Groups is not { } groups)
        {
            if (spec.GroupWeights is not null) add("groupWeights", "Group weighting needs groups.");
            return;
        }
        if (groups.Count == 0) { add("groups", "Leave groups out, or give at least one group."); return; }
        var domains = new HashSet<string>((spec.Domains ?? []).Where(d => d is not null).Select(d => d.Name), StringComparer.Ordinal);
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var problems = false;
        void Problem(string key, string message) { add(key, message); problems = true; }
        void Bound(string key, double? value)
        {
            if (value is { } v && (!double.IsFinite(v) || v is < 0 or > 1)) Problem(key, $"Bound must be a proportion in [0, 1], got {v}.");
        }
        void Visit(GroupSpec? g, string key, int depth)
        {
            if (g is null) { Problem(key, "Group must not be null."); return; }
            if (depth > MaxGroupDepth) { Problem(key, $"Groups may nest at most {MaxGroupDepth} deep."); return; }
            if (TextRules.NameProblem(g.Name, MaxRungNameLength) is { } nameProblem) Problem($"{key}.name", $"Group name {nameProblem}.");
            else if (domains.Contains(g.Name)) Problem($"{key}.name", $"Group '{g.Name}' has the name of a domain; give groups their own names.");
            else if (!names.Add(g.Name)) Problem($"{key}.name", $"Group '{g.Name}' appears more than once.");
            Bound($"{key}.min", g.Min);
            Bound($"{key}.max", g.Max);
            if (g.Min is { } lo && g.Max is { } hi && lo > hi) Problem($"{key}", $"Minimum {lo} is above maximum {hi}.");
            var hasDomains = g.Domains is { Count: > 0 };
            var hasGroups = g.Groups is { Count: > 0 };
            if (hasDomains == hasGroups) { Problem(key, "A group holds either domains (a leaf group) or groups, and not both."); return; }
            var members = new HashSet<string>(StringComparer.Ordinal);
            if (hasDomains)
                for (var i = 0; i < g.Domains!.Count; i++)
                {
                    var d = g.Domains[i];
                    if (d is null || !domains.Contains(d)) Problem($"{key}.domains[{i}]", $"'{d}' is not a domain of this study.");
                    else if (!placed.Add(d)) Problem($"{key}.domains[{i}]", $"Domain '{d}' is in more than one group; groups must partition the domains.");
                    else members.Add(d);
                }
            else
                for (var i = 0; i < g.Groups!.Count; i++)
                {
                    if (g.Groups[i] is { } child) members.Add(child.Name);
                    Visit(g.Groups[i], $"{key}.groups[{i}]", depth + 1);
                }
            void Shares(string what, IReadOnlyDictionary<string, double>? map)
            {
                foreach (var (member, value) in map ?? new Dictionary<string, double>())
                {
                    if (!members.Contains(member)) Problem($"{key}.{what}.{member}", $"'{member}' is not a member of group '{g.Name}'.");
                    Bound($"{key}.{what}.{member}", value);
                }
            }
            Shares("shareMin", g.ShareMin);
            Shares("shareMax", g.ShareMax);
        }
        for (var i = 0; i < groups.Count; i++) Visit(groups[i], $"groups[{i}]", 1);
        var unplaced = domains.Where(d => !placed.Contains(d)).ToArray();
        if (unplaced.Length > 0)
            Problem("groups", $"Domains {string.Join(", ", unplaced.Select(d => $"'{d}'"))} are in no group; groups must partition the domains.");
        if ((spec.Domains ?? []).Any(d => d is not null && d.Tokens is null))
            Problem("domains", "A hierarchical space needs every domain's (bucket's) token count (domains[].tokens): each level's prior and QuaDMix's map are token shares.");
        if (spec.Constraints is not null)
            Problem("constraints", "With groups, bound the groups instead (groups[].min/max, groups[].shareMin/shareMax); flat constraints are not combined with them.");
        if (problems || !restIsValid) return;
        try
        {
            _ = StudyHierarchy.Of(spec);
        }
        catch (ArgumentException e)
        {
            add("groups", e.Message);
        }
    }
}

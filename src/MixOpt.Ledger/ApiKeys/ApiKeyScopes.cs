namespace MixOpt.Ledger.ApiKeys;

/// <summary>
/// What a key may do. Scopes nest: <c>admin</c> (manage keys) includes <c>write</c> (submit and change studies,
/// lease runs and report results), which includes <c>read</c> (everything that only looks).
/// </summary>
public static class ApiKeyScopes
{
    public const string Read = "read";
    public const string Write = "write";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Read, Write, Admin];

    /// <summary>Every scope <paramref name="granted"/> implies (admin → write → read).</summary>
    public static IReadOnlySet<string> Expand(IEnumerable<string> granted)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in granted)
        {
            set.Add(s);
            if (s is Admin) set.Add(Write);
            if (s is Admin or Write) set.Add(Read);
        }
        return set;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first unknown scope, or when none is given.</summary>
    public static string[] Validate(IReadOnlyCollection<string>? scopes)
    {
        if (scopes is null || scopes.Count == 0) throw new ArgumentException($"Give at least one scope ({string.Join(", ", All)}).");
        foreach (var s in scopes)
            if (!All.Contains(s)) throw new ArgumentException($"Unknown scope '{s}'. Known: {string.Join(", ", All)}.");
        return scopes.Distinct().ToArray();
    }
}

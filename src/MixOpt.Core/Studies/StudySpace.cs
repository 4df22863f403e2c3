using MixOpt.Core.Mixtures;

namespace MixOpt.Core.Studies;

/// <summary>The mixture space a study describes: its constraints and its natural (token-proportional) mixture.</summary>
public static class StudySpace
{
    /// <summary>
    /// The study's constraints as bounds; throws <see cref="ArgumentException"/> naming the problem when they are
    /// impossible or refer to unknown domains.
    /// </summary>
    public static MixtureConstraints ConstraintsOf(StudySpec study)
    {
        var names = study.DomainNames;
        var spec = study.Constraints;
        if (spec is null) return MixtureConstraints.None(names.Count);
        double[]? Bounds(IReadOnlyDictionary<string, double>? map, double fallback, string what)
        {
            if (map is null) return null;
            foreach (var key in map.Keys)
                if (!names.Contains(key)) throw new ArgumentException($"Constraint {what} names '{key}', which is not a domain of this study.");
            return names.Select(n => map.TryGetValue(n, out var v) ? v : fallback).ToArray();
        }
        var min = Bounds(spec.Min, 0, "min");
        var max = Bounds(spec.Max, 1, "max");
        double? runTokens = null;
        if (spec.MaxEpochs is not null)
        {
            runTokens = study.Fidelities?.Where(f => f?.Tokens is not null).Select(f => (double)f.Tokens!.Value).DefaultIfEmpty().Max();
            if (runTokens is null or <= 0 || study.Domains.All(d => d.Tokens is null))
                throw new ArgumentException("An epoch cap (constraints.maxEpochs) needs domain token counts (domains[].tokens) and a run token budget (fidelities[].tokens).");
        }
        return MixtureConstraints.Create(names.Count, min, max, study.Domains.Select(d => d.Tokens).ToArray(), spec.MaxEpochs, runTokens);
    }

    /// <summary>Token share of each domain, or null when some domain's token count is unknown.</summary>
    public static double[]? NaturalWeights(StudySpec study) =>
        study.Domains.All(d => d.Tokens is > 0) ? study.Domains.Select(d => (double)d.Tokens!.Value).ToArray() : null;

    /// <summary>The natural mixture (uniform when token counts are unknown), moved into the constraints.</summary>
    public static Mixture NaturalMixture(StudySpec study)
    {
        var weights = Mixture.Normalize(NaturalWeights(study) ?? Enumerable.Repeat(1.0, study.Domains.Count).ToArray()).ToArray();
        ConstraintsOf(study).Project(weights);
        return Mixture.Normalize(weights);
    }
}

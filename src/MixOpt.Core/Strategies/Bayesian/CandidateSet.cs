using MixOpt.Core.Mixtures;
using MixOpt.Core.Studies;

namespace MixOpt.Core.Strategies.Bayesian;

/// <summary>
/// Starting points for acquisition search: broad RegMix draws, uniform draws over the feasible simplex, and
/// concentrated draws around the best observed mixtures (where the next improvement usually is). All feasible.
/// </summary>
public static class CandidateSet
{
    public static IReadOnlyList<double[]> Build(ProposalContext context, IEnumerable<double[]> incumbents, int size, int seed)
    {
        var constraints = context.Constraints();
        var d = context.Domains;
        var broad = new RegMixSampler(d, seed, StudySpace.NaturalWeights(context.Study), constraints, context.Options().EffectiveTemperature).Sample(size / 2);
        var uniform = new UniformSimplexSampler(d, seed + 1, constraints).Sample(size / 4);
        var result = broad.Concat(uniform).Select(m => m.ToArray()).ToList();
        var centres = incumbents.ToArray();
        if (centres.Length == 0) return result;
        var random = new Random(seed + 2);
        var local = size - result.Count;
        var alpha = new double[d];
        var row = new double[d];
        for (var k = 0; k < local; k++)
        {
            var centre = centres[k % centres.Length];
            // Concentration 50·d: draws within a few percent of the centre.
            for (var j = 0; j < d; j++) alpha[j] = Math.Max(centre[j] * 50 * d, 0.05);
            ConstrainedDirichlet.Draw(random, alpha, constraints, row);
            result.Add((double[])row.Clone());
        }
        return result;
    }
}

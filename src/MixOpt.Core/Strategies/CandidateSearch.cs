using MixOpt.Core.Mixtures;
using MixOpt.Core.Studies;
using MixOpt.Core.Surrogates;

namespace MixOpt.Core.Strategies;

/// <summary>
/// RegMix's search: sample many mixtures from the RegMix Dirichlet within the constraints, score them all with a
/// fitted surrogate at the target fidelity, and average the top k. The average of feasible mixtures is feasible
/// (the constraints are convex), and averaging smooths the surrogate's noise at its optimum.
/// </summary>
public static class CandidateSearch
{
    private const int Chunk = 65_536;

    /// <summary>The indices of the <paramref name="k"/> best scores in the objective's direction, best first.</summary>
    public static int[] TopK(ReadOnlySpan<double> scores, int k, bool minimize)
    {
        var queue = new PriorityQueue<int, double>(k + 1);
        for (var i = 0; i < scores.Length; i++)
        {
            // The queue's head is the worst of the kept: lowest priority = worst.
            var priority = minimize ? -scores[i] : scores[i];
            if (queue.Count < k) queue.Enqueue(i, priority);
            else if (queue.TryPeek(out _, out var worst) && priority > worst) queue.EnqueueDequeue(i, priority);
        }
        var result = new int[queue.Count];
        for (var i = result.Length - 1; i >= 0; i--) result[i] = queue.Dequeue();
        return result;
    }

    /// <summary>Draws <paramref name="count"/> candidates (row-major) from the study's RegMix sampler, in parallel, deterministically.</summary>
    public static double[] SampleCandidates(StudySpec study, int count, int seed)
    {
        var d = study.Domains.Count;
        var options = study.StrategyOptions ?? new StrategyOptions();
        var sampler = new RegMixSampler(d, seed, StudySpace.NaturalWeights(study), StudySpace.ConstraintsOf(study), options.EffectiveTemperature);
        var rows = new double[(long)count * d];
        Parallel.For(0, (count + Chunk - 1) / Chunk, c =>
        {
            var start = c * Chunk;
            var length = Math.Min(Chunk, count - start);
            sampler.Fill(rows.AsSpan(start * d, length * d), c);
        });
        return rows;
    }

    /// <summary>Scores the candidates and returns the mean of the top k (renormalized onto the simplex).</summary>
    public static Mixture TopKMean(IFittedSurrogate model, double[] candidates, int domains, double fidelity, int k, bool minimize)
    {
        var count = candidates.Length / domains;
        var scores = new double[count];
        model.Predict(candidates, fidelity, scores, Span<double>.Empty);
        var top = TopK(scores, Math.Min(k, count), minimize);
        var mean = new double[domains];
        foreach (var i in top)
            for (var j = 0; j < domains; j++) mean[j] += candidates[(long)i * domains + j] / top.Length;
        return Mixture.Normalize(mean);
    }
}

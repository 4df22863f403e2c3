using MathNet.Numerics.LinearAlgebra;
using MixOpt.Core.Mixtures;

namespace MixOpt.Core.InRun;

/// <summary>
/// The math of one Aioli round, without I/O. The linear mixing law says that training a few steps on proportions
/// <c>p</c> changes domain j's validation loss by <c>ΔL_j = −Σ_i A_ji p_i</c>; <c>A</c> (domains × domains) is the
/// interaction matrix: how much training on domain i lowers the loss of domain j. Each probe gives one mixture and
/// the loss change it caused on every domain; least squares over the probes gives <c>A</c> row by row. The update
/// then raises the proportions of domains whose training lowers the total loss most (exponentiated gradient on
/// <c>Σ_j L_j</c>) and projects onto the study's constraints.
/// </summary>
public static class AioliEstimator
{
    /// <summary>Ridge added to the normal equations, relative to their trace: keeps nearly collinear probes solvable.</summary>
    private const double RelativeRidge = 1e-10;

    /// <summary>
    /// Fits <c>A</c> from probes: <paramref name="probeMixtures"/>[k] is the k-th probe's proportions and
    /// <paramref name="lossChanges"/>[k] the per-domain loss change it caused (after − before). Needs at least as
    /// many probes as domains; returns <c>A[j, i]</c>.
    /// </summary>
    public static double[,] FitInteractionMatrix(IReadOnlyList<IReadOnlyList<double>> probeMixtures, IReadOnlyList<IReadOnlyList<double>> lossChanges)
    {
        if (probeMixtures.Count != lossChanges.Count)
            throw new ArgumentException($"{probeMixtures.Count} probe mixtures but {lossChanges.Count} loss changes.");
        if (probeMixtures.Count == 0) throw new ArgumentException("Fitting the interaction matrix needs at least one probe.");
        var domains = probeMixtures[0].Count;
        if (probeMixtures.Count < domains)
            throw new ArgumentException($"Fitting a {domains}×{domains} interaction matrix needs at least {domains} probes, got {probeMixtures.Count}.");
        var probes = Matrix<double>.Build.Dense(probeMixtures.Count, domains, (k, i) => Finite(probeMixtures[k], i, domains, "probe mixture"));
        // Rows: probes; columns: target domains. P·Aᵀ = −ΔL solves every target domain at once.
        var decrease = Matrix<double>.Build.Dense(lossChanges.Count, domains, (k, j) => -Finite(lossChanges[k], j, domains, "loss change"));
        var normal = probes.TransposeThisAndMultiply(probes);
        var ridge = RelativeRidge * Math.Max(normal.Trace(), 1e-300);
        for (var i = 0; i < domains; i++) normal[i, i] += ridge;
        var transposed = normal.Cholesky().Solve(probes.TransposeThisAndMultiply(decrease));
        var a = new double[domains, domains];
        for (var j = 0; j < domains; j++)
            for (var i = 0; i < domains; i++)
                a[j, i] = transposed[i, j];
        return a;
    }

    /// <summary>
    /// How much raising domain i's proportion lowers the summed loss under <paramref name="interactions"/>: the
    /// column sums <c>g_i = Σ_j A_ji</c>.
    /// </summary>
    public static double[] Gradient(double[,] interactions)
    {
        var domains = interactions.GetLength(0);
        var g = new double[domains];
        for (var i = 0; i < domains; i++)
            for (var j = 0; j < domains; j++)
                g[i] += interactions[j, i];
        return g;
    }

    /// <summary>
    /// One exponentiated-gradient step: <c>p_i ← p_i · exp(η · g_i / max|g|)</c>, renormalized, then projected onto
    /// <paramref name="constraints"/> (per-domain min/max and epoch caps). A zero gradient leaves the mixture as is.
    /// </summary>
    public static double[] Update(IReadOnlyList<double> proportions, double[,] interactions, double stepSize, MixtureConstraints constraints)
    {
        var g = Gradient(interactions);
        if (g.Length != proportions.Count) throw new ArgumentException($"The interaction matrix has {g.Length} domains, the mixture {proportions.Count}.");
        var scale = g.Max(Math.Abs);
        var next = new double[g.Length];
        // Subtracting the largest exponent keeps exp() from overflowing; the normalization removes the factor.
        var exponents = g.Select(x => scale > 0 && double.IsFinite(scale) ? stepSize * x / scale : 0).ToArray();
        var top = exponents.Max();
        for (var i = 0; i < next.Length; i++) next[i] = proportions[i] * Math.Exp(exponents[i] - top);
        var sum = next.Sum();
        if (!(sum > 0)) next = proportions.ToArray();
        else for (var i = 0; i < next.Length; i++) next[i] /= sum;
        constraints.Project(next);
        return next;
    }

    /// <summary>The probe mixture for domain i: <c>(1 − ε)·e_i + ε·p</c>, projected onto the constraints.</summary>
    public static double[] ProbeMixture(int domain, IReadOnlyList<double> current, double smoothing, MixtureConstraints constraints)
    {
        var probe = current.Select(w => smoothing * w).ToArray();
        probe[domain] += 1 - smoothing;
        constraints.Project(probe);
        return probe;
    }

    private static double Finite(IReadOnlyList<double> row, int index, int domains, string what)
    {
        if (row.Count != domains) throw new ArgumentException($"Every {what} needs {domains} values, one has {row.Count}.");
        var v = row[index];
        return double.IsFinite(v) ? v : throw new ArgumentException($"A {what} value is {v}; it must be finite.");
    }
}

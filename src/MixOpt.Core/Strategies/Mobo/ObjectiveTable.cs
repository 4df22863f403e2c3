using MixOpt.Core.Mixtures;
using MixOpt.Core.MultiObjective;
using MixOpt.Core.Studies;
using MixOpt.Core.Surrogates;

namespace MixOpt.Core.Strategies.Mobo;

/// <summary>
/// A study's observations at the target rung as a table of objective values: raw (as reported) and in minimize form
/// (maximized objectives negated), with one fitted GP per objective when asked. Observations without every objective's
/// value (a single-objective study's) count their <see cref="Observation.Value"/> as the one objective.
/// </summary>
public sealed class ObjectiveTable
{
    private ObjectiveTable(IReadOnlyList<Observation> rows, IReadOnlyList<double[]> raw, IReadOnlyList<bool> minimize)
    {
        Rows = rows;
        Raw = raw;
        Minimize = minimize;
        Oriented = raw.Select(r => ParetoFront.Oriented(r, minimize)).ToArray();
    }

    public IReadOnlyList<Observation> Rows { get; }
    public IReadOnlyList<double[]> Raw { get; }
    public IReadOnlyList<double[]> Oriented { get; }
    public IReadOnlyList<bool> Minimize { get; }
    public int Objectives => Minimize.Count;

    public static ObjectiveTable AtTarget(ProposalContext context)
    {
        var minimize = context.Study.Minimize();
        var rows = context.Observations.Where(o => o.Fidelity == context.Target.Value
            && (o.ObjectiveValues?.Count == minimize.Count || minimize.Count == 1)).ToArray();
        var raw = rows.Select(o => o.ObjectiveValues is { } v && v.Count == minimize.Count ? v.ToArray() : [o.Value]).ToArray();
        return new ObjectiveTable(rows, raw, minimize);
    }

    /// <summary>Indices of the rows on the Pareto front.</summary>
    public IReadOnlyList<int> FrontIndices() => ParetoFront.Indices(Raw, Minimize);

    /// <summary>One GP per objective on the raw values (a GP is symmetric in sign, so raw or oriented fit the same).</summary>
    public IFittedSurrogate[] FitModels(int seed)
    {
        var mixtures = Rows.Select(o => o.Mixture.ToArray()).ToArray();
        var models = new IFittedSurrogate[Objectives];
        for (var j = 0; j < Objectives; j++)
            models[j] = new GaussianProcessSurrogate().Fit(SurrogateData.AtFidelity(mixtures, Raw.Select(r => r[j]).ToArray(), Rows[0].Fidelity), seed + j);
        return models;
    }

    /// <summary>Predicted means and standard deviations (raw direction) of every model at <paramref name="mixtures"/> (rows × domains).</summary>
    public static (double[][] Mean, double[][] StdDev) Predict(IFittedSurrogate[] models, double[] mixtures, int count, double fidelity)
    {
        var mean = new double[models.Length][];
        var std = new double[models.Length][];
        for (var j = 0; j < models.Length; j++)
        {
            mean[j] = new double[count];
            std[j] = new double[count];
            models[j].Predict(mixtures, fidelity, mean[j], std[j]);
        }
        return (mean, std);
    }

    /// <summary>Mixtures as one row-major array.</summary>
    public static double[] Flatten(IReadOnlyList<Mixture> mixtures, int domains)
    {
        var flat = new double[mixtures.Count * domains];
        for (var i = 0; i < mixtures.Count; i++)
            for (var d = 0; d < domains; d++) flat[i * domains + d] = mixtures[i][d];
        return flat;
    }
}

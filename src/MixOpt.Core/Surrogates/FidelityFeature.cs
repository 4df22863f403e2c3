namespace MixOpt.Core.Surrogates;

/// <summary>
/// How a single-model surrogate sees fidelity: when its data spans several fidelities it gets log(fidelity) as one
/// more input; with one fidelity the input would be constant, so it is left out and predictions at any fidelity
/// are that fidelity's (RegMix's premise: rankings at small scale carry over to large scale).
/// </summary>
public sealed record FidelityFeature(bool Used, double Centre)
{
    /// <param name="centre">The log fidelity that maps to 0; null = the data's mean. A fixed centre keeps the
    /// features of old rows unchanged as data arrives (a GP's stationary kernel does not care where 0 is).</param>
    public static FidelityFeature From(SurrogateData data, double? centre = null)
    {
        var logs = data.Fidelities.Select(f => Math.Log(f)).ToArray();
        var used = logs.Distinct().Count() > 1;
        return new FidelityFeature(used, used ? centre ?? logs.Average() : 0);
    }

    public int Width(int domains) => Used ? domains + 1 : domains;

    public double Value(double fidelity) => Math.Log(fidelity) - Centre;

    /// <summary>Row-major features of all observations.</summary>
    public double[] Features(SurrogateData data)
    {
        var d = data.Domains;
        var w = Width(d);
        var x = new double[data.Count * w];
        for (var i = 0; i < data.Count; i++)
        {
            data.Mixtures[i].CopyTo(x, i * w);
            if (Used) x[i * w + d] = Value(data.Fidelities[i]);
        }
        return x;
    }
}

using System.Globalization;
using System.Text;
using MixOpt.Core.Mixtures;
using MixOpt.Core.Simulation;

namespace MixOpt.Cli.Tests;

/// <summary>
/// Small run tables made from the mixing-law oracle (3 domains a, b, c; metric m:loss = loss on domain a), written
/// into a fresh temp folder per test.
/// </summary>
public sealed class TinyTables : IDisposable
{
    public TinyTables()
    {
        Dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mixopt-cli-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Dir);
    }

    public string Dir { get; }

    public string Path(string name) => System.IO.Path.Combine(Dir, name);

    /// <summary><paramref name="rows"/> mixtures from <paramref name="seed"/>, one row per mixture and fidelity (value:cost); target fidelity is the last.</summary>
    public string Write(string name, int rows, int seed, params (double Fidelity, double Cost)[] ladder)
    {
        var oracle = MixingLawOracle.Create(null, 3, 7);
        var sampler = DirichletSampler.Uniform(3, 1.0, seed);
        var mixtures = Enumerable.Range(0, rows).Select(_ => sampler.Next()).ToArray();
        var text = new StringBuilder("w:a,w:b,w:c,fidelity,cost,m:loss,note\n");
        var top = ladder.Max(f => f.Fidelity);
        foreach (var (fidelity, cost) in ladder)
            foreach (var m in mixtures)
            {
                var loss = oracle.ExpectedLosses(m, fidelity / top)[0];
                text.AppendLine(string.Join(',', m.Weights.Select(F)) + $",{F(fidelity)},{F(cost)},{F(loss)},ignored");
            }
        File.WriteAllText(Path(name), text.ToString());
        return Path(name);
    }

    public string WriteText(string name, string text)
    {
        File.WriteAllText(Path(name), text);
        return Path(name);
    }

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

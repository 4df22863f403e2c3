using MixOpt.Core.RunTables;
using MixOpt.Core.Simulation.Families;

namespace MixOpt.Cli.Bench;

/// <summary>
/// One problem of <c>bench suite</c>: a generated family (a fresh instance and pool per seed) or a published table
/// (the same pool every seed). It provides the pool strategies run on, and a surrogate split: training rows at the
/// target fidelity and test rows judged by Spearman.
/// </summary>
public sealed class SuiteFamily
{
    private readonly Func<int, RunTable> _pool;
    private readonly Func<int, (RunTable Train, IReadOnlyList<RunTable> Tests)> _surrogateData;

    private SuiteFamily(string name, string target, bool minimize, double? targetFidelity, Func<int, RunTable> pool,
        Func<int, (RunTable, IReadOnlyList<RunTable>)> surrogateData)
    {
        Name = name; Target = target; Minimize = minimize; TargetFidelity = targetFidelity;
        _pool = pool; _surrogateData = surrogateData;
    }

    public string Name { get; }
    public string Target { get; }
    public bool Minimize { get; }
    public double? TargetFidelity { get; }

    public RunTable Pool(int seed) => _pool(seed);

    public (RunTable Train, IReadOnlyList<RunTable> Tests) SurrogateData(int seed) => _surrogateData(seed);

    /// <summary>
    /// A generated family: seed s draws instance s and its pool of <paramref name="poolMixtures"/> mixtures (each at
    /// every rung). Surrogates train on the noisy target runs of <paramref name="trainRows"/> other mixtures of the
    /// same instance and are judged against the noise-free target of <paramref name="testRows"/> more: the
    /// surrogate figure measures the model, not the noise of its test set.
    /// </summary>
    public static SuiteFamily Generated(ProblemFamilySpec spec, int poolMixtures, int trainRows, int testRows)
    {
        var name = spec.Name;
        return new SuiteFamily(name, (spec.Minimize ? "m:loss" : "m:score"), spec.Minimize, null,
            seed => ProblemFamily.Create(spec, seed).Pool(poolMixtures, seed),
            seed =>
            {
                var family = ProblemFamily.Create(spec, seed);
                var train = TargetRows(family.Pool(trainRows, 1_000_003 + seed), "train target runs", null);
                var test = TargetRows(family.Pool(testRows, 2_000_003 + seed), "noise-free target", family);
                return (train, [test]);
            });
    }

    /// <summary>RegMix's tables (docs/bench/regmix-tables.sh): the 1M/60M pool and the 1M train / 1M, 60M, 1B test split.</summary>
    public static SuiteFamily RegMix(string directory)
    {
        string File(string name)
        {
            var path = Path.Combine(directory, name);
            if (!System.IO.File.Exists(path))
                throw new Commands.CliException($"--regmix {directory}: {name} is missing; build the tables with docs/bench/regmix-tables.sh.");
            return path;
        }
        var pool = RunTableFiles.Read(File("pool.csv"));
        var train = RunTableFiles.Read(File("train_1m.csv"));
        RunTable[] tests = [RunTableFiles.Read(File("test_1m.csv")), RunTableFiles.Read(File("test_60m.csv")), RunTableFiles.Read(File("test_1b.csv"))];
        return new SuiteFamily("regmix", "m:pile_cc", minimize: true, targetFidelity: 60, _ => pool, _ => (train, tests));
    }

    /// <summary>The target-rung rows of a pool; with <paramref name="truth"/>, their noise-free target values instead of the noisy ones.</summary>
    private static RunTable TargetRows(RunTable pool, string label, ProblemFamily? truth)
    {
        var rows = pool.Rows.Where(r => r.Fidelity == 1.0)
            .Select(r => truth is null ? r : r with { Metrics = [truth.Expected(r.Weights, truth.Ladder.Count - 1)] })
            .ToArray();
        return new RunTable(label, pool.Domains, pool.Metrics, pool.HasFidelity, rows);
    }
}

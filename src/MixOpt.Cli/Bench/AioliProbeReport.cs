using MixOpt.Core.InRun;

namespace MixOpt.Cli.Bench;

/// <summary>
/// Prints <c>bench aioli --probe-diagnosis</c>: per seed and round, the many-sweep reference direction of the update
/// (centered gradient), each domain's single-sweep signal-to-noise ratio and leave-one-out sign agreement, then the
/// same averaged over every seed and round.
/// </summary>
public static class AioliProbeReport
{
    public static void Print(IReadOnlyList<AioliBenchmark.SeedResult> results, IReadOnlyList<string> domains)
    {
        var all = new List<AioliProbeAgreement>();
        foreach (var r in results)
            foreach (var round in r.Probes.GroupBy(p => p.Round).OrderBy(g => g.Key))
            {
                var a = AioliProbeAgreement.Of(round.ToArray(), domains.Count);
                all.Add(a);
                Console.WriteLine($"probes seed {r.Seed} round {round.Key} ({a.Sweeps} sweeps): reference {Signed(a.Reference)} (self part {Signed(a.SelfPart)}), " +
                                  $"single-sweep SNR {Join(a.SignalToNoise, "0.00")}, sign agreement {Join(a.SignAgreement, "0.00")}, shift/spread {a.ShiftToSpread:0.0}");
            }
        if (all.Count == 0) return;
        for (var i = 0; i < domains.Count; i++)
        {
            var positive = all.Count(a => a.Reference[i] > 0);
            Console.WriteLine($"probes domain {domains[i]}: mean single-sweep SNR {all.Average(a => Math.Min(a.SignalToNoise[i], 1e6)):0.00}, " +
                              $"sign agreement {all.Average(a => a.SignAgreement[i]):0.00}, reference raises it in {positive} of {all.Count} rounds, " +
                              $"mean reference {SignedDifference.Format(all.Average(a => a.Reference[i]))} (self part {SignedDifference.Format(all.Average(a => a.SelfPart[i]))})");
        }
        Console.WriteLine($"probes overall: mean single-sweep SNR {all.Average(a => a.SignalToNoise.Average(x => Math.Min(x, 1e6))):0.00}, " +
                          $"sign agreement {all.Average(a => a.SignAgreement.Average()):0.00}, shift/spread {all.Average(a => a.ShiftToSpread):0.0} over {all.Count} rounds");
    }

    private static string Signed(IEnumerable<double> values) => string.Join(" ", values.Select(SignedDifference.Format));

    private static string Join(IEnumerable<double> values, string format) => string.Join(" ", values.Select(v => v.ToString(format)));
}

using MixOpt.Core.RunTables;

namespace MixOpt.Core.Tests.RunTables;

public sealed class RunTableBuilderTests
{
    [Fact]
    public void Builds_a_table_from_runs_with_the_union_of_their_metrics_and_writes_it_in_both_layouts()
    {
        var runs = new[]
        {
            new RunTableBuilder.Run([0.25, 0.75], 1, 0.5, new Dictionary<string, double> { ["loss:web"] = 3.0 }),
            new RunTableBuilder.Run([0.5, 0.5], 60, 1, new Dictionary<string, double> { ["loss:code"] = 2.0, ["loss:web"] = 2.5 }),
        };
        var table = RunTableBuilder.FromRuns("study", ["web", "code"], runs);
        Assert.Equal(["loss:web", "loss:code"], table.Metrics);
        Assert.True(double.IsNaN(table.Rows[0].Metrics[1]));

        var back = RunTableParser.Parse(RunTableWriter.ToCsv(table), "export.csv");
        Assert.Equal([1.0, 60.0], back.Fidelities);
        Assert.Equal(2.5, back.Rows[1].Metrics[back.MetricIndex("m:loss:web")]);

        using var mixtures = new StringWriter();
        using var metrics = new StringWriter();
        RegMixLayout.Write(table, mixtures, metrics);
        var regmix = RegMixLayout.Read(mixtures.ToString(), "m.csv", metrics.ToString(), "l.csv", null, 1);
        Assert.Equal(table.Rows.SelectMany(r => r.Weights), regmix.Rows.SelectMany(r => r.Weights));
    }

    [Fact]
    public void Rejects_runs_off_the_simplex_or_over_other_domains()
    {
        var metrics = new Dictionary<string, double>();
        Assert.Contains("sum to", Assert.Throws<ArgumentException>(() =>
            RunTableBuilder.FromRuns("s", ["a", "b"], [new RunTableBuilder.Run([0.2, 0.2], null, 1, metrics)])).Message);
        Assert.Contains("3 weights", Assert.Throws<ArgumentException>(() =>
            RunTableBuilder.FromRuns("s", ["a", "b"], [new RunTableBuilder.Run([0.2, 0.2, 0.6], null, 1, metrics)])).Message);
    }
}

using MixOpt.Core.RunTables;

namespace MixOpt.Core.Tests.RunTables;

public sealed class RunTableParserTests
{
    [Fact]
    public void Parses_weights_fidelity_cost_and_metrics_and_ignores_other_columns()
    {
        var table = RunTableParser.Parse("note,w:web,w:code,fidelity,cost,m:loss,m:acc\nx,0.25,0.75,1,0.5,3.5,\ny,0.5,0.5,60,,2.5,0.7\n", "t.csv");
        Assert.Equal(["web", "code"], table.Domains);
        Assert.Equal(["loss", "acc"], table.Metrics);
        Assert.True(table.HasFidelity);
        Assert.Equal([1.0, 60.0], table.Fidelities);
        Assert.Equal(0.5, table.Rows[0].Cost);
        Assert.Equal(1.0, table.Rows[1].Cost); // an empty cost cell is the default
        Assert.True(double.IsNaN(table.Rows[0].Metrics[1])); // an empty metric is missing, not zero
        Assert.Equal(3, table.Rows[1].Line);
    }

    [Fact]
    public void Renormalizes_rows_within_the_tolerance_and_rejects_rows_beyond_it()
    {
        var table = RunTableParser.Parse("w:a,w:b\n0.503,0.5\n", "ok.csv");
        Assert.Equal(0.503 / 1.003, table.Rows[0].Weights[0], 12);
        Assert.Equal(1.0, table.Rows[0].Weights.Sum(), 12);

        var e = Assert.Throws<RunTableFormatException>(() => RunTableParser.Parse("w:a,w:b\n0.5,0.5\n0.52,0.5\n", "bad.csv"));
        Assert.StartsWith("bad.csv line 3:", e.Message);
        Assert.Contains("sum to 1.02", e.Message);
    }

    [Theory]
    [InlineData("w:a,w:b,m:x\n0.5,-0.5,1\n", "line 2, column 2 (w:b)", "negative")]
    [InlineData("w:a,w:b,m:x\n0.5,0.5,abc\n", "line 2, column 3 (m:x)", "not a finite number")]
    [InlineData("w:a,w:b,cost\n0.5,0.5,0\n", "line 2, column 3 (cost)", "must be positive")]
    [InlineData("w:a,w:b,fidelity\n0.5,0.5,\n", "line 2, column 3 (fidelity)", "empty")]
    [InlineData("w:a,w:b\n0.5,0.5,1\n", "line 2:", "3 fields; the header has 2")]
    [InlineData("w:a,m:x\n1,2\n", "line 1:", "at least 2")]
    [InlineData("w:a,w:a\n0.5,0.5\n", "line 1, column 2 (w:a)", "appears twice")]
    public void Errors_name_file_line_and_column(string text, string where, string what)
    {
        var e = Assert.Throws<RunTableFormatException>(() => RunTableParser.Parse(text, "f.csv"));
        Assert.StartsWith("f.csv " + where, e.Message);
        Assert.Contains(what, e.Message);
    }

    [Fact]
    public void The_writer_round_trips_exactly_including_quoted_names_and_missing_metrics()
    {
        var source = RunTableParser.Parse("w:a,w:b,fidelity,cost,\"m:loss, val\",m:y\n0.1,0.9,1,0.016666666666666666,3.25,\n0.7,0.3,60,1,2.5,0.5\n", "s.csv");
        var back = RunTableParser.Parse(RunTableWriter.ToCsv(source), "back.csv");
        Assert.Equal(source.Domains, back.Domains);
        Assert.Equal(["loss, val", "y"], back.Metrics);
        Assert.Equal(source.Rows.Select(r => (r.Fidelity, r.Cost)), back.Rows.Select(r => (r.Fidelity, r.Cost)));
        Assert.Equal(source.Rows.SelectMany(r => r.Weights.Concat(r.Metrics)), back.Rows.SelectMany(r => r.Weights.Concat(r.Metrics)));
    }

    [Fact]
    public void RegMix_layout_maps_pile_column_names_both_ways()
    {
        Assert.Equal("pile_cc", RegMixLayout.DomainFromColumn("train_the_pile_pile_cc"));
        Assert.Equal("pile_cc", RegMixLayout.MetricFromColumn("metric/the_pile_pile_cc_val_loss"));
        Assert.Equal("accuracy", RegMixLayout.MetricFromColumn("metric/accuracy"));
        var table = RegMixLayout.Read("index,train_the_pile_a,train_the_pile_b\n0,0.5,0.5\n", "m.csv", "index,metric/the_pile_a_val_loss\n0,2.5\n", "l.csv", 1, 1.0 / 60);
        using var mixtures = new StringWriter();
        using var metrics = new StringWriter();
        RegMixLayout.Write(table, mixtures, metrics);
        Assert.StartsWith("index,train_the_pile_a,train_the_pile_b", mixtures.ToString());
        Assert.StartsWith("index,metric/the_pile_a_val_loss\n1,2.5", metrics.ToString().ReplaceLineEndings("\n"));
    }
}

using System.Globalization;
using MixOpt.Core.RunTables;
using MixOpt.Core.Studies;
using MixOpt.Ledger;
using MixOpt.Ledger.Rows;
using MixOpt.Web.Api;

namespace MixOpt.Web.Application;

/// <summary>A study's finished runs written as a run table, and the media type it is sent as.</summary>
public sealed record ExportedTable(string Content, string MediaType);

/// <summary>
/// A study's succeeded runs as run tables: the <c>w:/m:</c> CSV layout, RegMix's two files (one per format) and JSON
/// (what the JSON import reads back). Metric <c>loss:&lt;domain&gt;</c> is RegMix's <c>metric/the_pile_&lt;domain&gt;_val_loss</c>.
/// </summary>
public sealed class StudyExports(StudyLedger ledger)
{
    /// <summary>The spec's JSON shape, writing any non-finite value stored before it was refused as null rather than throwing.</summary>
    private static readonly System.Text.Json.JsonSerializerOptions ExportJson = new(StudySpecJson.Options) { Converters = { new FiniteDoubleConverter() } };

    /// <summary>The study's table in <paramref name="format"/> (one of <see cref="ImportExportApi.ExportFormats"/>); null when there is no such study.</summary>
    public async Task<ExportedTable?> ExportAsync(Guid id, string format, CancellationToken ct = default)
    {
        if (!ImportExportApi.ExportFormats.Contains(format)) throw new ArgumentException($"Unknown export format '{format}'.", nameof(format));
        var study = await ledger.FindStudyAsync(id, ct);
        if (study is null) return null;
        var spec = StudySpecJson.Deserialize(study.Spec);
        var runs = (await ledger.RunsAsync(id, ct)).Where(r => r.State == RunState.Succeeded).ToList();
        var results = (await ledger.ResultsAsync(id, ct)).ToDictionary(r => r.RunId);
        if (format == "json")
        {
            var document = new
            {
                domains = spec.DomainNames,
                runs = runs.Select(r => new
                {
                    r.Ordinal, mixture = StudyViews.Named(spec.DomainNames, r.Mixture), r.Fidelity, r.Cost, r.Objective,
                    metrics = Ordered(spec, results.GetValueOrDefault(r.Id)?.Metrics).ToDictionary(m => m.Name, m => m.Value),
                }),
            };
            return new ExportedTable(System.Text.Json.JsonSerializer.Serialize(document, ExportJson), "application/json");
        }
        var hasLadder = spec.Fidelities is { Count: > 0 };
        var table = RunTableBuilder.FromRuns($"study {id}", spec.DomainNames, runs.Select(r => new RunTableBuilder.Run(
            r.Mixture, hasLadder ? r.Fidelity : null, r.Cost is > 0 ? r.Cost.Value : 1,
            Ordered(spec, results.GetValueOrDefault(r.Id)?.Metrics).ToDictionary(m => format == "csv" ? m.Name : RegMixMetric(m.Name), m => m.Value))));
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        if (format == "csv") RunTableWriter.Write(table, writer);
        else
        {
            using var mixtures = new StringWriter(CultureInfo.InvariantCulture);
            using var metrics = new StringWriter(CultureInfo.InvariantCulture);
            RegMixLayout.Write(table, mixtures, metrics);
            writer.Write(format == "regmix-mixtures" ? mixtures.ToString() : metrics.ToString());
        }
        return new ExportedTable(writer.ToString(), "text/csv");
    }

    /// <summary>Metrics in a stable order (the ledger returns them in any): per-domain losses in domain order, then the rest by name.</summary>
    private static IEnumerable<RunMetricRow> Ordered(StudySpec spec, IEnumerable<RunMetricRow>? metrics)
    {
        var losses = spec.DomainNames.Select(ObjectiveSpec.LossMetric).ToList();
        return (metrics ?? []).OrderBy(m => losses.IndexOf(m.Name) is var i && i >= 0 ? i : losses.Count).ThenBy(m => m.Name, StringComparer.Ordinal);
    }

    /// <summary>RegMix names a per-domain loss by its domain alone; other metrics keep their names.</summary>
    private static string RegMixMetric(string metric) => metric.StartsWith("loss:", StringComparison.Ordinal) ? metric["loss:".Length..] : metric;
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MixOpt.Grains.Cluster;
using MixOpt.Grains.Telemetry;
using MixOpt.Ledger.Telemetry;
using Npgsql;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MixOpt.Backend.Telemetry;

/// <summary>
/// OpenTelemetry for every MixOpt process: MixOpt's run and strategy metrics and Orleans' own (always: the web host
/// serves them at <c>/metrics</c>), and, when <c>Telemetry:OtlpEndpoint</c> is set, traces of grain calls (Orleans'
/// activity propagation) and ledger statements (Npgsql) exported with the metrics over OTLP. Without an exporter no
/// trace is collected: a span per statement and grain call would cost the run path for nothing. The web host adds
/// ASP.NET Core's request spans and latency and <c>/metrics</c>.
/// </summary>
public static class TelemetryExtensions
{
    /// <summary>Orleans' activity sources: grain calls made by the runtime and by application code.</summary>
    public static readonly string[] OrleansSources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];

    public static IHostApplicationBuilder AddMixOptTelemetry(this IHostApplicationBuilder builder, SiloCapabilities capabilities)
    {
        var services = builder.Services;
        services.AddValidatedSettings<TelemetrySettings, TelemetrySettingsValidator>(TelemetrySettings.Section);
        services.AddMetrics();
        services.AddSingleton<RunMetrics>();
        services.AddSingleton<StudyMetrics>();

        // Whether to export is decided while composing (the exporter is a part of the pipeline, not a setting of it);
        // a malformed endpoint adds nothing here and stops the start-up validation with the key's name.
        var section = builder.Configuration.GetSection(TelemetrySettings.Section);
        var otlp = ExportsOtlp(builder.Configuration);
        services.AddOptions<OtlpExporterOptions>().Configure<IOptions<TelemetrySettings>>((o, settings) =>
        {
            if (!TelemetrySettingsValidator.IsEndpoint(settings.Value.OtlpEndpoint)) return;
            o.Endpoint = new Uri(settings.Value.OtlpEndpoint!);
            o.Protocol = settings.Value.OtlpProtocol == "http/protobuf" ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
        });

        var serviceName = section[nameof(TelemetrySettings.ServiceName)] is { Length: > 0 } named ? named : "mixopt-" + capabilities.Role;
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName, serviceInstanceId: Environment.MachineName + "/" + Environment.ProcessId))
            .WithMetrics(m =>
            {
                m.AddMeter(RunMetrics.MeterName, StudyMetrics.MeterName, "Microsoft.Orleans");
                if (otlp) m.AddOtlpExporter();
            });
        if (otlp) telemetry.WithTracing(t => t.AddSource(OrleansSources).AddNpgsql().AddOtlpExporter());
        return builder;
    }

    /// <summary>Whether traces and metrics are pushed (a well-formed <c>Telemetry:OtlpEndpoint</c>); decided while composing.</summary>
    public static bool ExportsOtlp(IConfiguration config) =>
        TelemetrySettingsValidator.IsEndpoint(config.GetSection(TelemetrySettings.Section)[nameof(TelemetrySettings.OtlpEndpoint)]);
}

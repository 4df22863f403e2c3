namespace MixOpt.Backend.Telemetry;

/// <summary>
/// Configuration section <c>Telemetry</c>: where traces and metrics go besides the web host's Prometheus endpoint.
/// Without <see cref="OtlpEndpoint"/> nothing is pushed; the web host still serves <c>/metrics</c>.
/// </summary>
public sealed class TelemetrySettings
{
    public const string Section = "Telemetry";

    /// <summary>The OTLP collector's address (e.g. <c>http://otel-collector:4317</c> for gRPC, <c>:4318</c> for HTTP); empty: no export.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> (default) or <c>http/protobuf</c>.</summary>
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>The <c>service.name</c> resource attribute; empty: <c>mixopt-</c> and the silo's role (host, worker, embedded).</summary>
    public string? ServiceName { get; set; }
}

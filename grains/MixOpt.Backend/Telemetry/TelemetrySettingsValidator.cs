using Microsoft.Extensions.Options;

namespace MixOpt.Backend.Telemetry;

/// <summary>
/// Checks the <c>Telemetry</c> section at start: an OTLP endpoint is an absolute http(s) address and the protocol one the
/// exporter speaks, so a typo stops the process with the key's name instead of silently exporting nothing.
/// </summary>
public sealed class TelemetrySettingsValidator : IValidateOptions<TelemetrySettings>
{
    public static readonly string[] Protocols = ["grpc", "http/protobuf"];

    public ValidateOptionsResult Validate(string? name, TelemetrySettings o)
    {
        var errors = new List<string>();
        if (!string.IsNullOrWhiteSpace(o.OtlpEndpoint) && !IsEndpoint(o.OtlpEndpoint))
            errors.Add($"{TelemetrySettings.Section}:OtlpEndpoint is '{o.OtlpEndpoint}'; use an absolute http:// or https:// address of an OTLP collector (e.g. http://otel-collector:4317), or leave it empty.");
        if (!Protocols.Contains(o.OtlpProtocol, StringComparer.Ordinal))
            errors.Add($"{TelemetrySettings.Section}:OtlpProtocol is '{o.OtlpProtocol}'; use {string.Join(" or ", Protocols)}.");
        if (o.ServiceName is { Length: > 100 })
            errors.Add($"{TelemetrySettings.Section}:ServiceName is longer than 100 characters.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public static bool IsEndpoint(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0;
}

using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace MixOpt.Backend;

/// <summary>Checks the <c>Orleans</c> section at start: ports a socket can bind, distinct, and a cluster id Orleans accepts.</summary>
public sealed partial class OrleansSettingsValidator : IValidateOptions<OrleansSettings>
{
    private const string S = OrleansSettings.Section;

    public ValidateOptionsResult Validate(string? name, OrleansSettings o)
    {
        List<string> errors = [];
        if (o.SiloPort is < 1 or > 65535) errors.Add($"{S}:SiloPort is {o.SiloPort}; it must be a port between 1 and 65535.");
        if (o.GatewayPort is < 1 or > 65535) errors.Add($"{S}:GatewayPort is {o.GatewayPort}; it must be a port between 1 and 65535.");
        if (o.SiloPort == o.GatewayPort) errors.Add($"{S}:SiloPort and {S}:GatewayPort are both {o.SiloPort}; they must differ.");
        if (string.IsNullOrWhiteSpace(o.ClusterId) || !ClusterIdPattern().IsMatch(o.ClusterId))
            errors.Add($"{S}:ClusterId is '{o.ClusterId}'; use 1-100 letters, digits, '-', '_' or '.'.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,100}$")]
    private static partial Regex ClusterIdPattern();
}

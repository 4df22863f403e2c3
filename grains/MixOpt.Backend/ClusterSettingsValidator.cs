using System.Net;
using Microsoft.Extensions.Options;

namespace MixOpt.Backend;

/// <summary>Checks the <c>Cluster</c> section at start: the advertised address must be an IP address other silos can dial.</summary>
public sealed class ClusterSettingsValidator : IValidateOptions<ClusterSettings>
{
    public ValidateOptionsResult Validate(string? name, ClusterSettings o) =>
        IPAddress.TryParse(o.AdvertisedIP, out var ip) && !ip.Equals(IPAddress.Any) && !ip.Equals(IPAddress.IPv6Any)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{ClusterSettings.Section}:AdvertisedIP is '{o.AdvertisedIP}'; it must be an IP address other silos can reach (not 0.0.0.0; use Cluster:ListenOnAnyHostAddress to listen on every interface).");
}

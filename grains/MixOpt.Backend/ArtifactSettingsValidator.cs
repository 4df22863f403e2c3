using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace MixOpt.Backend;

/// <summary>
/// Checks <c>Artifacts:Container</c> at start against Azure's container naming rules (3-63 lowercase letters, digits
/// and single hyphens, starting and ending with a letter or digit); the storage service would refuse anything else on
/// the first write.
/// </summary>
public sealed partial class ArtifactSettingsValidator : IValidateOptions<ArtifactSettings>
{
    public ValidateOptionsResult Validate(string? name, ArtifactSettings o) =>
        o.Container is { Length: >= 3 and <= 63 } c && ContainerName().IsMatch(c) && !c.Contains("--", StringComparison.Ordinal)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{ArtifactSettings.Section}:Container is '{o.Container}'; a blob container name is 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.");

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")]
    private static partial Regex ContainerName();
}

using System.Globalization;
using Microsoft.Extensions.Options;

namespace MixOpt.Backend;

/// <summary>Checks the <c>Worker</c> section at start: <c>Gpus</c> is a count or <c>auto</c>.</summary>
public sealed class WorkerSettingsValidator : IValidateOptions<WorkerSettings>
{
    public ValidateOptionsResult Validate(string? name, WorkerSettings o) =>
        IsValidGpus(o.Gpus)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{WorkerSettings.Section}:Gpus is '{o.Gpus}'; use a number between 0 and 64, or 'auto'.");

    public static bool IsValidGpus(string? gpus) =>
        string.Equals(gpus, "auto", StringComparison.OrdinalIgnoreCase)
        || int.TryParse(gpus, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n is >= 0 and <= 64;
}

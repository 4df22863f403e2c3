using Microsoft.Extensions.Options;
using MixOpt.Training.Execution;
using MixOpt.Training.Modeling;

namespace MixOpt.Silo;

/// <summary>
/// Checks the <c>Training</c> section when the host starts: a thread count, device or shape the trainer cannot use
/// would otherwise fail every builtin run, one attempt at a time. Here, beside the composition, so the Training project
/// keeps to its own types.
/// </summary>
public sealed class TorchSharpExecutorOptionsValidator : IValidateOptions<TorchSharpExecutorOptions>
{
    private const string S = TorchSharpExecutorOptions.Section;

    public ValidateOptionsResult Validate(string? name, TorchSharpExecutorOptions o)
    {
        List<string> errors = [];
        if (o.Threads is < 1 or > 1024) errors.Add($"{S}:Threads is {o.Threads}; it must be between 1 and 1024.");
        if (o.Device is not ("auto" or "cpu" or "cuda")) errors.Add($"{S}:Device is '{o.Device}'; use auto, cpu or cuda.");
        if (!ModelLadder.All.Any(s => string.Equals(s.Name, o.DefaultModel, StringComparison.OrdinalIgnoreCase)))
            errors.Add($"{S}:DefaultModel is '{o.DefaultModel}'; known shapes: {string.Join(", ", ModelLadder.All.Select(s => s.Name))}.");
        if (o.Steps is < 1) errors.Add($"{S}:Steps is {o.Steps}; it must be at least 1 (or unset for each shape's own).");
        if (!double.IsFinite(o.MaxEpochsPerDomain) || o.MaxEpochsPerDomain <= 0) errors.Add($"{S}:MaxEpochsPerDomain is {o.MaxEpochsPerDomain}; it must be a finite number above zero.");
        if (o.MemoryLimitMiB is < 1) errors.Add($"{S}:MemoryLimitMiB is {o.MemoryLimitMiB}; it must be at least 1 (or unset for no limit).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

namespace MixOpt.Grains.Studies;

/// <summary>A submitted study was rejected; <see cref="Errors"/> is keyed by the JSON path of each bad field.</summary>
public sealed class StudyValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("The study is invalid: " + string.Join(" ", errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

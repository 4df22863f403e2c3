using System.Security.Claims;
using System.Text;
using System.Text.Json;
using MixOpt.Core.Studies;
using MixOpt.Grains.Studies;
using MixOpt.Ledger;
using MixOpt.Web.Api;
using YamlDotNet.Core;

namespace MixOpt.Web.Application;

/// <summary>What submitting a study from the dashboard came to: its id, or the errors by field path ("budget.runs").</summary>
public sealed record StudyCreationResult(Guid? Created, IReadOnlyDictionary<string, string[]> Errors)
{
    public static StudyCreationResult Problem(string field, string message) => new(null, new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>
/// The new-study form and editor: a spec from the form or a YAML/JSON text, parsed as POST /api/studies parses it
/// (unknown members are errors, NUL is refused), checked by the same validator, and submitted only when it has no
/// error, so an invalid study writes nothing. Needs write scope, checked here for the signed-in user.
/// </summary>
public sealed class StudyCreation(StudySubmitter submitter, StudyOverview overview)
{
    /// <summary>The key of errors that belong to the whole text (it does not parse) rather than to a member.</summary>
    public const string TextField = "";

    public static IReadOnlyDictionary<string, string[]> Validate(StudySpec spec) => StudySubmitter.Validate(spec);

    public async Task<StudyCreationResult> SubmitAsync(ClaimsPrincipal user, StudySpec spec, CancellationToken ct = default)
    {
        if (!StudySteering.CanSteer(user)) return StudyCreationResult.Problem(TextField, "Your key's scope does not allow creating studies (it needs write or admin).");
        var errors = StudySubmitter.Validate(spec);
        if (errors.Count > 0) return new StudyCreationResult(null, errors);
        var row = await submitter.SubmitAsync(spec, ct);
        return new StudyCreationResult(row.Id, new Dictionary<string, string[]>());
    }

    /// <summary>A spec as YAML or JSON (JSON when it starts with '{').</summary>
    public Task<StudyCreationResult> SubmitTextAsync(ClaimsPrincipal user, string text, CancellationToken ct = default)
    {
        var (spec, problem) = Parse(text);
        return problem is not null ? Task.FromResult(problem) : SubmitAsync(user, spec!, ct);
    }

    public static (StudySpec? Spec, StudyCreationResult? Problem) Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return (null, StudyCreationResult.Problem(TextField, "The spec is empty."));
        byte[] json;
        if (text.TrimStart().StartsWith('{')) json = Encoding.UTF8.GetBytes(text);
        else
        {
            try
            {
                json = Encoding.UTF8.GetBytes(YamlToJson.Convert(text)?.ToJsonString() ?? "null");
            }
            catch (YamlException e)
            {
                return (null, StudyCreationResult.Problem(TextField, $"Line {e.Start.Line}, column {e.Start.Column}: {e.Message}"));
            }
        }
        try
        {
            var spec = JsonSerializer.Deserialize<StudySpec>(json, RequestBody.Json);
            if (spec is null) return (null, StudyCreationResult.Problem(TextField, "The spec must be an object."));
            if (RequestBody.UnstorableText(json) is { } unstorable) return (null, StudyCreationResult.Problem(TextField, unstorable));
            return (spec, null);
        }
        catch (JsonException e)
        {
            // The path names the member ($.budget.runs); the field key drops the "$." as the validator's keys do.
            var field = e.Path is { Length: > 2 } path && path.StartsWith("$.") ? path[2..] : TextField;
            return (null, StudyCreationResult.Problem(field, e.Message));
        }
    }

    /// <summary>An existing study's spec as JSON to start a new one from, renamed "… (copy)"; null when there is none.</summary>
    public async Task<string?> CloneAsync(Guid id, CancellationToken ct = default)
    {
        if (await overview.FindAsync(id, ct) is not { } study) return null;
        var spec = study.Spec with { Name = study.Spec.Name.Length > 190 ? study.Spec.Name[..190] : study.Spec.Name + " (copy)" };
        return JsonSerializer.Serialize(spec, new JsonSerializerOptions(StudySpecJson.Options) { WriteIndented = true });
    }
}

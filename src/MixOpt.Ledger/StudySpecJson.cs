using System.Text.Json;
using System.Text.Json.Serialization;
using MixOpt.Core.Studies;

namespace MixOpt.Ledger;

/// <summary>The one JSON shape of a study spec: camelCase, unknown members rejected (a typo is an error, not a default).</summary>
public static class StudySpecJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Web defaults accept numbers written as strings; a study spec should not.
        NumberHandling = JsonNumberHandling.Strict,
    };

    public static string Serialize(StudySpec spec) => JsonSerializer.Serialize(spec, Options);

    public static StudySpec Deserialize(string json) =>
        JsonSerializer.Deserialize<StudySpec>(json, Options) ?? throw new JsonException("A study spec must be a JSON object, not null.");
}

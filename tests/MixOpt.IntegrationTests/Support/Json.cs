using System.Text.Json;
using System.Text.Json.Serialization;

namespace MixOpt.IntegrationTests.Support;

/// <summary>How the tests read the API's JSON: web defaults with enums as strings, as the service writes them.</summary>
public static class Json
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
}

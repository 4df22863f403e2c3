using System.Text.Json;
using MixOpt.Ledger;

namespace MixOpt.Web.Application;

/// <summary>
/// The JSON shape of a study spec as the ledger stores it (camelCase, unknown members and numbers written as strings
/// refused), for request bodies that carry specs or parts of them: one shape from the request to the ledger.
/// </summary>
public static class StudySpecFormat
{
    public static JsonSerializerOptions Options => StudySpecJson.Options;
}

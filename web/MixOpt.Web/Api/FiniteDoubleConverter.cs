using System.Text.Json;
using System.Text.Json.Serialization;

namespace MixOpt.Web.Api;

/// <summary>
/// Writes a non-finite double as JSON null instead of throwing. Nothing non-finite is accepted any more, but a row
/// stored before that (a best value of +Infinity) made System.Text.Json throw while writing every response that
/// showed it: GET of the study and the study list of every user answered 500. A reader must always be able to read
/// back what is stored. Reading is unchanged (strict numbers).
/// </summary>
public sealed class FiniteDoubleConverter : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsFinite(value)) writer.WriteNumberValue(value);
        else writer.WriteNullValue();
    }
}

namespace MixOpt.Core.RunTables;

/// <summary>
/// Splits CSV text into records of fields, each record with its 1-based line number. Handles quoted fields
/// (with doubled quotes inside) and CRLF; blank lines are skipped. Enough for numeric tables, with exact line
/// numbers for error messages, which a general CSV library would hide.
/// </summary>
public static class CsvRecords
{
    public sealed record Record(int Line, IReadOnlyList<string> Fields);

    public static IEnumerable<Record> Read(string text, string source)
    {
        var line = 0;
        foreach (var raw in text.Split('\n'))
        {
            line++;
            var content = raw.EndsWith('\r') ? raw[..^1] : raw;
            if (line == 1 && content.Length > 0 && content[0] == '\uFEFF') content = content[1..];
            if (content.Trim().Length == 0) continue;
            yield return new Record(line, SplitFields(content, source, line));
        }
    }

    private static List<string> SplitFields(string content, string source, int line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < content.Length; i++)
        {
            var c = content[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < content.Length && content[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString().Trim()); field.Clear(); }
            else field.Append(c);
        }
        if (quoted) throw RunTableFormatException.At(source, line, "a quoted field is not closed (quoted fields may not span lines).");
        fields.Add(field.ToString().Trim());
        return fields;
    }
}

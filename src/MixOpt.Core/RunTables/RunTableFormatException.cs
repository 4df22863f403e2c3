namespace MixOpt.Core.RunTables;

/// <summary>A malformed run table; the message names the source, the line and (when it is one cell) the column.</summary>
public sealed class RunTableFormatException(string message) : FormatException(message)
{
    public static RunTableFormatException At(string source, int line, string message) => new($"{source} line {line}: {message}");

    public static RunTableFormatException At(string source, int line, int column, string header, string message) =>
        new($"{source} line {line}, column {column} ({header}): {message}");
}

using Spectre.Console;

namespace MixOpt.Cli.Bench;

/// <summary>Spectre.Console tables whose cells are plain text (brackets in "[a, b]" are not markup).</summary>
public static class BenchTable
{
    public static Table Create(params string[] columns) => new Table().AddColumns(columns.Select(Markup.Escape).ToArray());

    /// <summary>Prints the table; when output goes to a file or pipe, lays it out 160 columns wide rather than 80 so rows stay on one line.</summary>
    public static void Print(Table table)
    {
        if (Console.IsOutputRedirected && AnsiConsole.Profile.Width < 160) AnsiConsole.Profile.Width = 160;
        AnsiConsole.Write(table);
    }

    public static void Row(Table table, params string[] cells) => table.AddRow(cells.Select(Markup.Escape).ToArray());
}

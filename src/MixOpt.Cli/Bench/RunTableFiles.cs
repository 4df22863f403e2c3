using MixOpt.Cli.Commands;
using MixOpt.Core.RunTables;

namespace MixOpt.Cli.Bench;

/// <summary>Reads and writes run tables as files; the format itself lives in MixOpt.Core.RunTables.</summary>
public static class RunTableFiles
{
    public static RunTable Read(string path) => RunTableParser.Parse(ReadText(path), path);

    public static string ReadText(string path)
    {
        if (!File.Exists(path)) throw new CliException($"{path}: file not found.");
        return File.ReadAllText(path);
    }

    public static void Write(RunTable table, string path)
    {
        CreateParent(path);
        using var writer = new StreamWriter(path);
        RunTableWriter.Write(table, writer);
    }

    public static void CreateParent(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
    }
}

using System.Text.Json;

namespace MixOpt.Cli.Bench;

/// <summary>Writes a benchmark's figures as JSON (snake_case names, as the benchmarks issue specifies them).</summary>
public static class BenchJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public static void Write<T>(string path, T figures)
    {
        RunTableFiles.CreateParent(path);
        File.WriteAllText(path, JsonSerializer.Serialize(figures, Options));
        Console.WriteLine($"Wrote {path}");
    }
}

using System.Text.Json;

namespace MixOpt.Cli.Tests;

internal static class Json
{
    public static JsonElement Read(string path)
    {
        Assert.True(File.Exists(path), $"{path} was not written.");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.Clone();
    }

    public static double? Number(this JsonElement e, string name) =>
        e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetDouble();

    public static JsonElement ByName(this JsonElement array, string name) =>
        array.EnumerateArray().Single(x => x.GetProperty("name").GetString() == name);

    public static void AssertPng(string path)
    {
        Assert.True(File.Exists(path), $"{path} was not written.");
        var head = File.ReadAllBytes(path).Take(4).ToArray();
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, head);
    }
}

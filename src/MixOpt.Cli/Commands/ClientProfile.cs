using System.Text.Json;

namespace MixOpt.Cli.Commands;

/// <summary>
/// The file <c>mixopt login</c> writes: the server's URL and an API key, readable by its owner only (0600, in a
/// 0700 folder), so the key does not sit in shell history or in every script's environment.
/// Where: <c>$MIXOPT_PROFILE</c> if set, else <c>$XDG_CONFIG_HOME/mixopt/profile.json</c>, else
/// <c>~/.config/mixopt/profile.json</c>.
/// </summary>
public sealed record ClientProfile(string Url, string Key)
{
    public const string PathVariable = "MIXOPT_PROFILE";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string DefaultPath
    {
        get
        {
            if (Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } explicitPath) return explicitPath;
            var config = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
            return Path.Combine(config, "mixopt", "profile.json");
        }
    }

    /// <summary>The profile at <paramref name="path"/>, or null when there is none; a file that is not a profile is an error.</summary>
    public static ClientProfile? Read(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            var profile = JsonSerializer.Deserialize<ClientProfile>(File.ReadAllText(path), Json);
            if (profile is null || string.IsNullOrWhiteSpace(profile.Url) || string.IsNullOrWhiteSpace(profile.Key))
                throw new CliException($"profile {path} lacks a url or a key: run `mixopt login` again.");
            return profile;
        }
        catch (JsonException e)
        {
            throw new CliException($"profile {path} is not valid JSON ({e.Message}): run `mixopt login` again.");
        }
    }

    /// <summary>Writes the profile so that only its owner can read it, whatever the umask and even if the file existed.</summary>
    public void Write(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(folder))
        {
            if (OperatingSystem.IsWindows()) Directory.CreateDirectory(folder);
            else Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var text = JsonSerializer.Serialize(this, Json);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        // An existing file keeps its mode on open: narrow it before the key is written into it.
        if (File.Exists(path) && !OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(text);
    }
}

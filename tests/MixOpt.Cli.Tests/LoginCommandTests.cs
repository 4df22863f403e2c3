using System.Text.Json;

namespace MixOpt.Cli.Tests;

/// <summary><c>mixopt login</c>: the profile it writes (0600), and the order in which the client commands pick a server and key.</summary>
[Collection(WebServiceCollection.Name)]
public sealed class LoginCommandTests(WebServiceHost host) : IClassFixture<WebServiceHost>, IDisposable
{
    private readonly TinyTables _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Login_checks_the_key_writes_a_private_profile_and_the_client_commands_use_it()
    {
        var key = (await host.Client.CreateKeyAsync("cli-login", ["read"])).Key;
        var profile = _files.Path("config/mixopt/profile.json");
        var env = StudiesCommandTests.Clean(profile);

        var login = CliProcess.RunWith(env, "login", "--url", host.Address.ToString(), "--key", key);

        Assert.True(login.ExitCode == 0, login.ToString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(profile));
        using (var saved = JsonDocument.Parse(File.ReadAllText(profile)))
        {
            Assert.Equal(host.Address.ToString(), saved.RootElement.GetProperty("url").GetString());
            Assert.Equal(key, saved.RootElement.GetProperty("key").GetString());
        }

        // Nothing on the command line or in the environment: the profile answers.
        var list = CliProcess.RunWith(env, "studies", "list");
        Assert.True(list.ExitCode == 0, list.ToString());

        // The environment wins over the profile, and --key over the environment.
        var withEnv = new Dictionary<string, string?>(env) { ["MIXOPT_KEY"] = "mxo_000000000000_wrong" };
        var refused = CliProcess.RunWith(withEnv, "studies", "list");
        Assert.Equal(1, refused.ExitCode);
        Assert.StartsWith("mixopt: 401 ", refused.StdErr);
        var overridden = CliProcess.RunWith(withEnv, "studies", "list", "--key", key);
        Assert.True(overridden.ExitCode == 0, overridden.ToString());
    }

    [Fact]
    public void Login_with_a_key_the_server_refuses_writes_no_profile()
    {
        var profile = _files.Path("refused/profile.json");
        var login = CliProcess.RunWith(StudiesCommandTests.Clean(profile), "login", "--url", host.Address.ToString(), "--key", "mxo_000000000000_nope");
        Assert.Equal(1, login.ExitCode);
        Assert.StartsWith("mixopt: 401 ", login.StdErr);
        Assert.False(File.Exists(profile));
    }
}

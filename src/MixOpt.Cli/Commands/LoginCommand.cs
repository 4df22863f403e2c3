using System.CommandLine;
using MixOpt.Client;
using Spectre.Console;

namespace MixOpt.Cli.Commands;

/// <summary>
/// <c>mixopt login --url URL [--key KEY]</c>: checks the key against the server, then writes the profile
/// (<see cref="ClientProfile"/>, mode 0600) that the client commands fall back to. Without --key the key is read
/// from stdin (piped) or asked for without echo (terminal), so it need not appear in the shell's history.
/// </summary>
public static class LoginCommand
{
    public static Command Create()
    {
        var url = new Option<string>("--url") { Description = "The MixOpt server, e.g. http://127.0.0.1:5080.", Required = true };
        var key = new Option<string?>("--key") { Description = "The API key (default: read from stdin, or asked for)." };
        var profile = new Option<string?>("--profile") { Description = $"Where to write the profile (default: env {ClientProfile.PathVariable}, else ~/.config/mixopt/profile.json)." };
        var command = new Command("login", "Check an API key against a server and remember both for the client commands.") { url, key, profile };
        command.SetAction((parse, ct) =>
        {
            var server = ClientConnection.ParseUrl(parse.GetValue(url)!);
            var apiKey = (parse.GetValue(key) ?? ReadKey()).Trim();
            if (apiKey.Length == 0) throw new CliException("no API key given.");
            var path = parse.GetValue(profile) ?? ClientProfile.DefaultPath;
            return ClientConnection.Guard(server, ct, async () =>
            {
                using var http = ClientConnection.Http(server);
                // Any key has the read scope: a cheap call that proves the server is MixOpt and the key is valid.
                await new MixOptClient(http, apiKey).GetJsonAsync("api/studies?take=1", ct);
                new ClientProfile(server.AbsoluteUri, apiKey).Write(path);
                Console.WriteLine($"Logged in to {server}; profile written to {path} (readable by you only).");
                return 0;
            });
        });
        return command;
    }

    private static string ReadKey()
    {
        if (Console.IsInputRedirected) return Console.In.ReadLine() ?? "";
        return AnsiConsole.Prompt(new TextPrompt<string>("API key:").Secret());
    }
}

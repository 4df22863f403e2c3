using System.CommandLine;
using System.Net.Http.Headers;
using System.Text.Json;
using MixOpt.Client;

namespace MixOpt.Cli.Commands;

/// <summary>
/// How a REST-client command (<c>mixopt studies ...</c>, <c>recommend</c>, and any later one) finds its server and
/// key, and how it reports what went wrong. Add <see cref="Url"/> and <see cref="Key"/> to a command with
/// <see cref="AddTo"/> (they are recursive, so a group's subcommands have them), then run the action through
/// <see cref="RunAsync"/>. Resolution, first one set wins: <c>--url</c>/<c>--key</c>, <c>MIXOPT_URL</c>/<c>MIXOPT_KEY</c>,
/// the profile <c>mixopt login</c> wrote (<see cref="ClientProfile"/>).
/// </summary>
public sealed class ClientConnection
{
    public const string UrlVariable = "MIXOPT_URL";
    public const string KeyVariable = "MIXOPT_KEY";

    /// <summary>How long one request may take before the command gives up (a study's long export included).</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(100);

    public Option<string?> Url { get; } = new("--url")
    {
        Description = $"The MixOpt server, e.g. http://127.0.0.1:5080 (default: env {UrlVariable}, else the profile of `mixopt login`).",
        Recursive = true,
    };

    public Option<string?> Key { get; } = new("--key")
    {
        Description = $"An API key (default: env {KeyVariable}, else the profile of `mixopt login`).",
        Recursive = true,
    };

    /// <summary>Adds the connection options to <paramref name="command"/> and, being recursive, to its subcommands.</summary>
    public T AddTo<T>(T command) where T : Command
    {
        command.Options.Add(Url);
        command.Options.Add(Key);
        return command;
    }

    /// <summary>The server and key this invocation uses, or an error line saying how to give them.</summary>
    public (Uri Url, string Key) Resolve(ParseResult parse)
    {
        var profilePath = ClientProfile.DefaultPath;
        ClientProfile? profile = null;
        string? Pick(string? option, string variable, Func<ClientProfile, string> fromProfile)
        {
            if (!string.IsNullOrWhiteSpace(option)) return option.Trim();
            if (Environment.GetEnvironmentVariable(variable) is { } env && !string.IsNullOrWhiteSpace(env)) return env.Trim();
            profile ??= ClientProfile.Read(profilePath);
            return profile is null ? null : fromProfile(profile);
        }

        var url = Pick(parse.GetValue(Url), UrlVariable, p => p.Url)
                  ?? throw new CliException($"no server: pass --url, set {UrlVariable}, or run `mixopt login --url URL`.");
        var key = Pick(parse.GetValue(Key), KeyVariable, p => p.Key)
                  ?? throw new CliException($"no API key: pass --key, set {KeyVariable}, or run `mixopt login`.");
        return (ParseUrl(url), key);
    }

    /// <summary>An absolute http(s) URL; the client's paths are relative to it, so it always ends with '/'.</summary>
    public static Uri ParseUrl(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new CliException($"'{text}' is not an http(s) URL of a MixOpt server.");
        return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }

    /// <summary>An HTTP client of <paramref name="url"/> that the caller disposes.</summary>
    public static HttpClient Http(Uri url)
    {
        var http = new HttpClient { BaseAddress = url, Timeout = RequestTimeout };
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return http;
    }

    /// <summary>
    /// Resolves the connection, runs <paramref name="action"/> with a client and turns what the server or the
    /// network says into readable lines on stderr and exit code 1: a problem's title and detail on one line, then
    /// each bad field on its own.
    /// </summary>
    public async Task<int> RunAsync(ParseResult parse, CancellationToken ct, Func<MixOptClient, Task<int>> action)
    {
        var (url, key) = Resolve(parse);
        using var http = Http(url);
        return await Guard(url, ct, () => action(new MixOptClient(http, key)));
    }

    /// <summary>Runs <paramref name="action"/>, printing a server's problem or a network failure as <see cref="RunAsync"/> does.</summary>
    public static async Task<int> Guard(Uri url, CancellationToken ct, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (MixOptApiException e)
        {
            foreach (var line in ClientErrors.Lines(e)) Console.Error.WriteLine(line);
            return 1;
        }
        catch (HttpRequestException e)
        {
            Console.Error.WriteLine($"mixopt: cannot reach {url}: {e.Message}");
            return 1;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            Console.Error.WriteLine($"mixopt: {url} did not answer within {RequestTimeout.TotalSeconds:0} s.");
            return 1;
        }
        catch (JsonException e)
        {
            Console.Error.WriteLine($"mixopt: {url} answered with something that is not MixOpt's JSON ({e.Message}); is it a MixOpt server?");
            return 1;
        }
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MixOpt.Backend;
using MixOpt.Cli.Commands;

namespace MixOpt.Cli.Configuration;

/// <summary>
/// The configuration <c>mixopt</c> reads, from the same sources and through the same settings classes as the hosts:
/// the appsettings.json beside the binary, environment variables (<c>ConnectionStrings__Ledger</c>, …), and
/// <c>--Section:Key=value</c> switches anywhere on the command line, later sources winning. A command's own option
/// (<c>--connection</c>, <c>--ledger</c>, <c>--blobs</c>) wins over all of them.
/// </summary>
public sealed class CliConfiguration
{
    private CliConfiguration(IConfiguration configuration, IReadOnlyList<string> switches)
    {
        Configuration = configuration;
        Switches = switches;
        Connections = new ServiceCollection()
            .AddSingleton(configuration)
            .AddOptions<ConnectionSettings>().BindConfiguration(ConnectionSettings.Section).Services
            .BuildServiceProvider()
            .GetRequiredService<IOptions<ConnectionSettings>>().Value;
    }

    public IConfiguration Configuration { get; }

    /// <summary>The <c>--Section:Key=value</c> switches as given, for a host the command starts (<c>mixopt worker</c>).</summary>
    public IReadOnlyList<string> Switches { get; }

    public ConnectionSettings Connections { get; }

    /// <summary>Reads the configuration and returns the arguments left for the command parser.</summary>
    public static (CliConfiguration Configuration, string[] Arguments) Load(string[] args)
    {
        var switches = args.Where(IsSwitch).ToArray();
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false)
            .AddEnvironmentVariables()
            .AddCommandLine(switches)
            .Build();
        return (new CliConfiguration(configuration, switches), args.Where(a => !IsSwitch(a)).ToArray());
    }

    /// <summary>The ledger's connection string: <paramref name="option"/> if given, else <c>ConnectionStrings:Ledger</c>.</summary>
    public string Ledger(string? option, string? optionName) =>
        Pick(option, Connections.Ledger, optionName, nameof(ConnectionSettings.Ledger), "the ledger's PostgreSQL");

    /// <summary>The blob storage connection string: <paramref name="option"/> if given, else <c>ConnectionStrings:Blobs</c>.</summary>
    public string Blobs(string? option, string? optionName) =>
        Pick(option, Connections.Blobs, optionName, nameof(ConnectionSettings.Blobs), "the blob storage");

    private static string Pick(string? option, string? configured, string? optionName, string key, string what)
    {
        if (!string.IsNullOrWhiteSpace(option)) return option;
        if (!string.IsNullOrWhiteSpace(configured)) return configured;
        var pass = optionName is null ? "" : $"pass {optionName}, or ";
        throw new CliException($"no connection string for {what}: {pass}set {ConnectionSettings.Section}:{key} (appsettings.json, env {ConnectionSettings.Section}__{key}, or --{ConnectionSettings.Section}:{key}=...).");
    }

    /// <summary><c>--Section:Key=value</c>: a configuration key (it has a ':') and a value in one token.</summary>
    private static bool IsSwitch(string arg)
    {
        if (!arg.StartsWith("--", StringComparison.Ordinal)) return false;
        var eq = arg.IndexOf('=');
        return eq > 2 && arg.AsSpan(2, eq - 2).Contains(':');
    }
}

using System.Diagnostics;
using MixOpt.Testing;

namespace MixOpt.IntegrationTests;

/// <summary>
/// No Docker engine runs here, so docker-compose.yml is checked statically with Debian's docker-compose:
/// it must parse, name the three parts, and gate the service on healthy dependencies.
/// </summary>
public sealed class ComposeFileTests
{
    [Fact]
    public async Task The_compose_file_is_valid_and_describes_postgres_azurite_and_the_service_with_health_checks()
    {
        var services = await ComposeAsync("config", "--services");
        Assert.Equal(["azurite", "mixopt", "postgres"], services.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order());

        var config = await ComposeAsync("config");
        Assert.Equal(3, CountOf(config, "healthcheck:"));
        Assert.Equal(2, CountOf(config, "condition: service_healthy"));
        Assert.Contains("dockerfile: infra/docker/Dockerfile", config);
        Assert.True(File.Exists(Path.Combine(RepositoryRoot.Path, "infra", "docker", "Dockerfile")));
    }

    private static int CountOf(string text, string what) =>
        text.Split('\n').Count(line => line.Trim() == what || line.Trim().StartsWith(what, StringComparison.Ordinal));

    private static async Task<string> ComposeAsync(params string[] args)
    {
        const string compose = "/usr/bin/docker-compose";
        Assert.True(File.Exists(compose), "Debian's docker-compose is missing: infra/local/deps.sh --test installs it.");
        var info = new ProcessStartInfo(compose) { WorkingDirectory = RepositoryRoot.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-f");
        info.ArgumentList.Add("docker-compose.yml");
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"docker-compose {string.Join(' ', args)} failed: {await stderr}");
        return await stdout;
    }
}

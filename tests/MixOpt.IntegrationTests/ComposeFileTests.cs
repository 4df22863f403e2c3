using System.Diagnostics;
using MixOpt.IntegrationTests.Support;
using MixOpt.Testing;
using static MixOpt.IntegrationTests.Support.YamlTree;

namespace MixOpt.IntegrationTests;

/// <summary>
/// No Docker engine runs here, so docker-compose.yml is checked statically: Debian's docker-compose must accept it
/// (with and without the cluster profile), and its services, read with YamlDotNet, must be the embedded service by
/// default and a host with two workers on ADO.NET clustering in the `cluster` profile, on Dockerfile targets that exist.
/// </summary>
public sealed class ComposeFileTests
{
    private static readonly Dictionary<string, object?> Services =
        Map(LoadAll(Path.Combine(RepositoryRoot.Path, "docker-compose.yml")).Single(), "services");

    [Fact]
    public async Task The_compose_file_is_valid_and_describes_postgres_azurite_and_the_service_with_health_checks()
    {
        await ComposeAsync("config", "--quiet");
        await ComposeAsync("--profile", "cluster", "config", "--quiet");

        var byDefault = Services.Where(s => At(s.Value, "profiles") is null).Select(s => s.Key).Order();
        Assert.Equal(["azurite", "mixopt", "postgres"], byDefault);
        Assert.All(Services, s => Assert.NotNull(At(s.Value, "healthcheck") ?? At(s.Value, "depends_on")));
        Assert.Equal("embedded", Text(Services["mixopt"], "build.target"));
        foreach (var dependency in new[] { "postgres", "azurite" })
            Assert.Equal("service_healthy", Text(Services["mixopt"], $"depends_on.{dependency}.condition"));
        Assert.All(Services.Values.Where(s => At(s, "build") is not null), s => Assert.Equal("infra/docker/Dockerfile", Text(s, "build.dockerfile")));
    }

    [Fact]
    public void The_cluster_profile_starts_a_host_and_two_workers_on_adonet_clustering_with_addresses_they_can_dial()
    {
        var cluster = Services.Where(s => List(s.Value, "profiles").Contains("cluster")).ToDictionary(s => s.Key, s => s.Value);
        Assert.Equal(["host", "worker1", "worker2"], cluster.Keys.Order());
        var targets = DockerfileTargets.Read(Path.Combine(RepositoryRoot.Path, "infra", "docker", "Dockerfile")).Targets;
        Assert.Equal("web", Text(cluster["host"], "build.target"));
        Assert.EndsWith("/health/ready", List(cluster["host"], "healthcheck.test").Cast<string>().Last());
        foreach (var (name, service) in cluster)
        {
            Assert.True(targets.ContainsKey(Text(service, "build.target")!), $"{name}: no Dockerfile target {Text(service, "build.target")}");
            // The Dockerfile's web and worker entry points pass --Cluster:Mode=AdoNet; membership lives in the cluster's own database.
            Assert.Contains("Database=mixopt_cluster", Text(service, "environment.ConnectionStrings__Ledger"));
            Assert.Equal("mixopt-compose", Text(service, "environment.Orleans__ClusterId"));
            Assert.Equal(Text(service, "networks.mixopt.ipv4_address"), Text(service, "environment.Cluster__AdvertisedIP"));
        }
        foreach (var worker in new[] { "worker1", "worker2" })
        {
            Assert.Equal("worker", Text(cluster[worker], "build.target"));
            Assert.Equal("service_healthy", Text(cluster[worker], "depends_on.host.condition"));
            Assert.True(int.Parse(Text(cluster[worker], "environment.Scheduler__Slots")!) > 0);
        }
        Assert.Equal(cluster.Count, cluster.Values.Select(s => Text(s, "environment.Cluster__AdvertisedIP")).Distinct().Count());
        var dockerfile = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "infra", "docker", "Dockerfile"));
        Assert.Contains("\"MixOpt.Web.dll\", \"--Cluster:Mode=AdoNet\"", dockerfile);
        Assert.Contains("\"MixOpt.Silo.dll\", \"--Cluster:Mode=AdoNet\"", dockerfile);
        // The database the profile uses is created by the init script PostgreSQL runs on a new volume.
        var init = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "infra", "docker", "postgres-init", "10-cluster-database.sql"));
        Assert.Contains("CREATE DATABASE mixopt_cluster", init);
        Assert.Contains("./infra/docker/postgres-init:/docker-entrypoint-initdb.d:ro", List(Services["postgres"], "volumes").Cast<string>());
    }

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

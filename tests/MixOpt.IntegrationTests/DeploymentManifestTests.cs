using MixOpt.IntegrationTests.Support;
using MixOpt.Testing;
using static MixOpt.IntegrationTests.Support.YamlTree;

namespace MixOpt.IntegrationTests;

/// <summary>
/// No Kubernetes cluster runs here, so infra/k8s is checked statically: every file parses (YamlDotNet), the
/// kustomization lists files that exist, every Secret, Service and PodDisruptionBudget reference resolves, probes name
/// declared ports and the health paths the host serves, and each image's ports and user agree with its Dockerfile target.
/// </summary>
public sealed class DeploymentManifestTests
{
    private static readonly string K8s = Path.Combine(RepositoryRoot.Path, "infra", "k8s");
    private static readonly DockerfileTargets Dockerfile = DockerfileTargets.Read(Path.Combine(RepositoryRoot.Path, "infra", "docker", "Dockerfile"));

    /// <summary>Every object of every manifest, with the file it came from.</summary>
    private static readonly List<(string File, object? Object)> Objects =
        Directory.GetFiles(K8s, "*.yaml").Order().SelectMany(f => LoadAll(f).Select(o => (Path.GetFileName(f), o))).ToList();

    private static IEnumerable<object?> OfKind(string kind) => Objects.Where(o => Text(o.Object, "kind") == kind).Select(o => o.Object);

    private static object? Named(string kind, string name) => OfKind(kind).SingleOrDefault(o => Text(o, "metadata.name") == name);

    [Fact]
    public void Every_manifest_parses_and_the_kustomization_lists_existing_files_and_every_deployed_image()
    {
        Assert.NotEmpty(Objects);
        Assert.All(Objects, o => Assert.False(string.IsNullOrEmpty(Text(o.Object, "kind")), $"{o.File}: an object without kind"));
        var kustomization = OfKind("Kustomization").Single();
        var resources = List(kustomization, "resources").Cast<string>().ToList();
        Assert.All(resources, r => Assert.True(File.Exists(Path.Combine(K8s, r)), $"kustomization.yaml lists {r}, which does not exist"));
        // The example Secret is created by hand, never applied from the repository.
        Assert.DoesNotContain("secret.example.yaml", resources);
        var images = List(kustomization, "images").Select(i => Text(i, "name")).ToHashSet();
        Assert.All(Containers(), c => Assert.Contains(Text(c.Container, "image"), images));
    }

    [Fact]
    public void Images_run_as_the_dockerfile_targets_non_root_user_and_declare_only_the_ports_their_target_exposes()
    {
        foreach (var (deployment, container) in Containers())
        {
            var image = Text(container, "image")!;
            var target = TargetOf(image);
            Assert.True(Dockerfile.Targets.ContainsKey(target), $"{deployment}: image {image} has no Dockerfile target '{target}'");
            var (exposed, user) = Dockerfile.Targets[target];
            var ports = List(container, "ports").Select(p => int.Parse(Text(p, "containerPort")!)).ToList();
            Assert.NotEmpty(ports);
            Assert.All(ports, p => Assert.True(exposed.Contains(p), $"{deployment}: port {p} is not EXPOSEd by target {target} ({string.Join(", ", exposed)})"));
            Assert.Equal("$APP_UID", user);
            var pod = Map(Named("Deployment", deployment), "spec.template.spec");
            Assert.Equal("true", Text(pod, "securityContext.runAsNonRoot"));
            Assert.Equal("1654", Text(pod, "securityContext.runAsUser")); // APP_UID of the .NET runtime images
        }
        // The host has no TorchSharp and the worker has: they must not swap images.
        Assert.Equal("web", TargetOf(Text(Containers().Single(c => c.Deployment == "mixopt-host").Container, "image")!));
        Assert.Equal("worker", TargetOf(Text(Containers().Single(c => c.Deployment == "mixopt-worker").Container, "image")!));
    }

    [Fact]
    public void Secrets_services_probes_and_the_disruption_budget_refer_to_things_that_exist()
    {
        foreach (var (deployment, container) in Containers())
        {
            foreach (var env in List(container, "env"))
            {
                if (At(env, "valueFrom.secretKeyRef") is not { } reference) continue;
                var secret = Named("Secret", Text(reference, "name")!);
                Assert.True(secret is not null, $"{deployment}: Secret {Text(reference, "name")} is not defined in infra/k8s");
                Assert.True(Map(secret, "stringData").ContainsKey(Text(reference, "key")!), $"{deployment}: Secret has no key {Text(reference, "key")}");
            }
            Assert.Contains(List(container, "env"), e => Text(e, "name") == "Cluster__AdvertisedIP" && Text(e, "valueFrom.fieldRef.fieldPath") == "status.podIP");
            Assert.Contains(List(container, "env"), e => Text(e, "name") == "ConnectionStrings__Ledger");
        }

        var host = Containers().Single(c => c.Deployment == "mixopt-host").Container;
        var portNames = List(host, "ports").Select(p => Text(p, "name")).ToHashSet();
        Assert.Equal("/health/ready", Text(host, "readinessProbe.httpGet.path"));
        Assert.Equal("/health/live", Text(host, "livenessProbe.httpGet.path"));
        Assert.Contains(Text(host, "readinessProbe.httpGet.port"), portNames);
        // The paths the web host maps (web/MixOpt.Web/Health/HealthEndpoints.cs), tested live by TelemetryTests.
        var endpoints = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "web", "MixOpt.Web", "Health", "HealthEndpoints.cs"));
        Assert.Contains("\"/health/ready\"", endpoints);
        Assert.Contains("\"/health/live\"", endpoints);

        var service = Named("Service", "mixopt-host");
        Assert.NotNull(service);
        Assert.Equal(Map(Named("Deployment", "mixopt-host"), "spec.template.metadata.labels"), Map(service, "spec.selector"));
        Assert.All(List(service, "spec.ports"), p => Assert.Contains(Text(p, "targetPort"), portNames));

        var worker = Named("Deployment", "mixopt-worker");
        var budget = OfKind("PodDisruptionBudget").Single();
        var selected = Map(budget, "spec.selector.matchLabels");
        Assert.All(selected, l => Assert.Equal(l.Value, Map(worker, "spec.template.metadata.labels")[l.Key]));
        Assert.True(int.Parse(Text(worker, "spec.replicas")!) > int.Parse(Text(budget, "spec.maxUnavailable")!), "the budget would let every worker go");
    }

    [Fact]
    public void Workers_request_gpus_and_take_their_slot_count_from_the_devices_they_are_given()
    {
        var worker = Containers().Single(c => c.Deployment == "mixopt-worker").Container;
        Assert.Equal("1", Map(worker, "resources.requests")["nvidia.com/gpu"]); // keys with dots: read the mapping
        Assert.Equal(Map(worker, "resources.requests")["nvidia.com/gpu"], Map(worker, "resources.limits")["nvidia.com/gpu"]);
        Assert.Contains(List(worker, "env"), e => Text(e, "name") == "Worker__Gpus" && Text(e, "value") == "auto");
        // The host coordinates and never trains: no GPU, no slots.
        var host = Containers().Single(c => c.Deployment == "mixopt-host").Container;
        Assert.False(Map(host, "resources.requests").ContainsKey("nvidia.com/gpu"));
    }

    private static List<(string Deployment, object? Container)> Containers() =>
        OfKind("Deployment").SelectMany(d => List(d, "spec.template.spec.containers").Select(c => (Text(d, "metadata.name")!, c))).ToList();

    /// <summary>mixopt-web -> web, mixopt-worker-cuda -> worker (the CUDA build of the same target).</summary>
    private static string TargetOf(string image)
    {
        var name = image.Split(':')[0].Split('/')[^1];
        Assert.StartsWith("mixopt-", name);
        name = name["mixopt-".Length..];
        return name.EndsWith("-cuda", StringComparison.Ordinal) ? name[..^"-cuda".Length] : name;
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using MixOpt.Testing;
using Npgsql;

namespace MixOpt.ClusterTests.Support;

/// <summary>
/// A web host and worker silos as separate processes on this machine, in one Orleans cluster whose membership,
/// reminders and ledger live in <see cref="Ledger"/>. The REST client sends an API key, as clients must.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _apiKey = "test-" + Guid.NewGuid().ToString("N");
    private readonly string _container = "cluster-" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _clusterId = "test-" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<NodeProcess> _all = [];
    private readonly Dictionary<NodeProcess, int> _httpPorts = [];

    public TestCluster(string ledger) => Ledger = ledger;

    public string Ledger { get; }

    /// <summary>The web host the REST client talks to: the last one started, or the one <see cref="UseHost"/> chose.</summary>
    public NodeProcess? Host { get; private set; }

    /// <summary>Every web host started, in order (a cluster may have several; each can host coordination grains).</summary>
    public List<NodeProcess> Hosts { get; } = [];

    public List<NodeProcess> Workers { get; } = [];

    public HttpClient Http { get; private set; } = new();

    /// <summary>
    /// Starts (or restarts) a web host, which has no slots, points the REST client at it and waits until it answers.
    /// <paramref name="extraArgs"/> are settings of this host (and any other started with the same ones).
    /// </summary>
    public async Task<NodeProcess> StartHostAsync(int? siloPort = null, string name = "host", params string[] extraArgs)
    {
        var httpPort = FreePort.Next();
        siloPort ??= FreePort.Next();
        var host = Track(NodeProcess.Start(name, "web/MixOpt.Web", "MixOpt.Web", siloPort.Value,
            [$"--urls=http://127.0.0.1:{httpPort}", $"--Auth:BootstrapKey={_apiKey}", .. Common(siloPort.Value), .. extraArgs]));
        _httpPorts[host] = httpPort;
        Hosts.Add(host);
        UseHost(host);
        await Eventually.Until(async () =>
        {
            if (host.HasExited) throw new InvalidOperationException($"The host exited:\n{host.Output}");
            try { return (await Http.GetAsync("/health")).IsSuccessStatusCode; }
            catch (HttpRequestException) { return false; }
        }, ok => ok, TimeSpan.FromSeconds(90), $"the web host {name} to answer");
        return host;
    }

    /// <summary>Points <see cref="Host"/> and the REST client at <paramref name="host"/> (e.g. the one left after a kill).</summary>
    public void UseHost(NodeProcess host)
    {
        Host = host;
        Http.Dispose();
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_httpPorts[host]}"), Timeout = TimeSpan.FromSeconds(30) };
        Http.DefaultRequestHeaders.Add("X-Api-Key", _apiKey);
    }

    /// <summary>
    /// Starts a worker silo with <paramref name="slots"/> CPU slots and waits until the host sees it active with them.
    /// A silo restarted on its old port makes Orleans declare the old incarnation dead at once.
    /// </summary>
    public async Task<NodeProcess> StartWorkerAsync(int slots, string? name = null, int? port = null, params string[] extraArgs)
    {
        var siloPort = port ?? FreePort.Next();
        var worker = Track(NodeProcess.Start(name ?? $"worker{Workers.Count + 1}", "grains/MixOpt.Silo", "MixOpt.Silo", siloPort,
            [$"--Scheduler:Slots={slots}", .. Common(siloPort), .. extraArgs]));
        Workers.Add(worker);
        await Eventually.Until(async () =>
        {
            if (worker.HasExited) throw new InvalidOperationException($"Worker {worker.Name} exited:\n{worker.Output}");
            return await SiloOfAsync(worker);
        }, s => s is { Status: "Active", Role: "worker" } && s.Slots == slots, TimeSpan.FromSeconds(90), $"worker {worker.Name} to join");
        return worker;
    }

    /// <summary>The cluster's silos; none while the host answers 503 (a silo died and membership is still settling).</summary>
    public async Task<IReadOnlyList<SiloDto>> SilosAsync()
    {
        using var response = await Http.GetAsync("/api/workers");
        if (response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable) return [];
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<List<SiloDto>>(Json) ?? [];
    }

    public async Task<SiloDto?> SiloOfAsync(NodeProcess node) =>
        (await SilosAsync()).Where(s => s.Address.StartsWith($"127.0.0.1:{node.SiloPort}@", StringComparison.Ordinal))
            .OrderByDescending(s => s.Address, StringComparer.Ordinal).FirstOrDefault();

    public async Task<Guid> SubmitAsync(string name, int runs, double runSeconds, int parallelism, int seed = 7)
    {
        var body = new
        {
            name,
            domains = Enumerable.Range(0, 4).Select(i => new { name = $"domain{i}" }).ToArray(),
            budget = new { runs, parallelism },
            strategy = "random",
            seed,
            simulator = new { runSeconds },
        };
        var response = await Http.PostAsJsonAsync("/api/studies", body);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"POST /api/studies: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<StudyDto>(Json))!.Id;
    }

    public async Task<StudyDto> StudyAsync(Guid id) => (await Http.GetFromJsonAsync<StudyDto>($"/api/studies/{id}", Json))!;

    public Task<StudyDto> WaitAsync(Guid id, Func<StudyDto, bool> condition, string what, int seconds = 120) =>
        Eventually.Until(async () =>
        {
            try { return await StudyAsync(id); }
            catch (HttpRequestException) when (Host?.HasExited == false) { return null!; } // host restarting: ask again
        }, s => s is not null && condition(s), TimeSpan.FromSeconds(seconds), what);

    public Task<StudyDto> WaitFinishedAsync(Guid id, int seconds = 180) =>
        WaitAsync(id, s => s.Status is "Completed" or "Failed" or "Cancelled", $"study {id} to finish", seconds);

    public async Task<IReadOnlyList<AttemptRow>> AttemptsAsync(Guid studyId)
    {
        await using var conn = new NpgsqlConnection(Ledger);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT a.run_id, a.attempt, a.worker, a.outcome, a.reason, a.started_at, a.ended_at
            FROM run_attempts a JOIN runs r ON r.id = a.run_id WHERE r.study_id = @s ORDER BY r.ordinal, a.attempt
            """, conn);
        cmd.Parameters.AddWithValue("s", studyId);
        var rows = new List<AttemptRow>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add(new AttemptRow(reader.GetGuid(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetDateTime(5), reader.IsDBNull(6) ? null : reader.GetDateTime(6)));
        return rows;
    }

    public async Task<long> CountAsync(string sql, Guid studyId)
    {
        await using var conn = new NpgsqlConnection(Ledger);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        cmd.Parameters.AddWithValue("s", studyId);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    /// <summary>Everything the processes printed, for a failing test's message.</summary>
    public string Logs() => string.Join("\n", _all.Select(n => $"===== {n.Name} (silo port {n.SiloPort}) =====\n{n.Output}"));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        foreach (var node in _all) await node.DisposeAsync();
    }

    private NodeProcess Track(NodeProcess node)
    {
        _all.Add(node);
        return node;
    }

    private string[] Common(int siloPort) =>
    [
        "--Cluster:Mode=AdoNet",
        $"--Orleans:ClusterId={_clusterId}",
        $"--Orleans:SiloPort={siloPort}",
        $"--Orleans:GatewayPort={FreePort.Next()}",
        $"--ConnectionStrings:Ledger={Ledger}",
        $"--ConnectionStrings:Blobs={TestServices.Blobs}",
        $"--Artifacts:Container={_container}",
        "--Logging:LogLevel:Default=Warning",
        "--Logging:LogLevel:MixOpt=Information",
        "--Logging:Console:FormatterName=simple",
        .. FailureDetection.Args,
    ];
}

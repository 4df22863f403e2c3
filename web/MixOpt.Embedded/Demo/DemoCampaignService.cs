using System.Text.Json;
using MixOpt.Core.Campaigns;
using MixOpt.Core.Studies;
using MixOpt.Web.Application;

namespace MixOpt.Embedded.Demo;

/// <summary>
/// With <c>--demo</c> and <c>MixOpt:DemoCampaignShards</c> (run.sh sets it): writes the manifests of an eight-domain
/// demo corpus there, registers a re-mix campaign on the simulated executor that fires every two minutes, and between
/// firings changes one domain's token count (a new crawl), so each firing has something to re-mix. A campaign that
/// already exists in this ledger is not registered again.
/// </summary>
public sealed class DemoCampaignService(IServiceProvider services, IConfiguration config, IHostApplicationLifetime lifetime, ILogger<DemoCampaignService> log)
    : BackgroundService
{
    public const string Name = "demo re-mix every two minutes";
    public static readonly string[] Domains = ["web", "code", "books", "math", "papers", "wiki", "forums", "news"];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (config["MixOpt:DemoCampaignShards"] is not { Length: > 0 } root) return;
        var started = new TaskCompletionSource();
        await using var _ = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);

        // Seeded, so every demo changes its corpus the same way.
        var random = new Random(17);
        var tokens = Domains.ToDictionary(d => d, _ => (long)random.Next(2_000_000, 20_000_000));
        Write(root, tokens);
        var campaigns = services.GetRequiredService<CampaignService>();
        var (existing, _) = await campaigns.ListAsync(0, 500, stoppingToken);
        if (existing.FirstOrDefault(c => c.Name == Name) is { } found) log.LogInformation("Demo campaign {CampaignId} already exists", found.Id);
        else
        {
            var (campaign, errors) = await campaigns.CreateAsync(Spec(root), stoppingToken);
            if (campaign is null) { log.LogWarning("The demo campaign is invalid: {Errors}", string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))); return; }
            Console.WriteLine($"MixOpt demo campaign: {campaign.Name} · {campaign.Id} (re-mix of {root}, cron '{campaign.Cron}')");
        }
        // Between firings (on the odd minutes), one domain's corpus grows or shrinks by 20-60 %.
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(2));
        await Task.Delay(TimeSpan.FromSeconds(60 - DateTimeOffset.UtcNow.Second) + (DateTimeOffset.UtcNow.Minute % 2 == 0 ? TimeSpan.Zero : TimeSpan.FromMinutes(1)), stoppingToken);
        do
        {
            var domain = Domains[random.Next(Domains.Length)];
            tokens[domain] = (long)(tokens[domain] * (random.Next(2) == 0 ? 1 - (0.2 + 0.4 * random.NextDouble()) : 1 + 0.2 + 0.4 * random.NextDouble()));
            Write(root, tokens);
            log.LogInformation("Demo corpus: {Domain} now has {Tokens} tokens", domain, tokens[domain]);
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public static CampaignSpec Spec(string shards) => new()
    {
        Name = Name,
        Schedule = new ScheduleSpec { Cron = "0 */2 * * * *", TimeZone = "UTC" },
        Action = new CampaignActionSpec { Kind = CampaignActions.Remix, Shards = shards, Threshold = 0.1 },
        Policies = new CampaignPoliciesSpec { Overlap = OverlapPolicies.Skip, CatchUpSeconds = 60 },
        Template = new StudySpec
        {
            Name = "demo re-mix",
            Domains = Domains.Select(d => new DomainSpec { Name = d }).ToArray(),
            Budget = new BudgetSpec { Runs = 32, Parallelism = 4 },
            Strategy = "bo",
            Executor = ExecutorNames.Simulated,
            Seed = 17,
            Simulator = new SimulatorSpec { RunSeconds = 0.5 },
        },
    };

    /// <summary>The manifests only (what the re-mix reads); the simulated executor needs no token files.</summary>
    private static void Write(string root, IReadOnlyDictionary<string, long> tokens)
    {
        foreach (var (domain, count) in tokens)
        {
            var dir = Path.Combine(root, domain);
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "manifest.json"), JsonSerializer.Serialize(new
            {
                format = "mixopt-shards/1", domain, tokenizer = "byte", vocabSize = 257, bytesPerToken = 2, separatorToken = 256, documents = 0,
                validationFraction = 0.05, train = new { file = "train.bin", tokens = count - count / 20, sha256 = "" },
                validation = new { file = "validation.bin", tokens = count / 20, sha256 = "" },
            }));
        }
    }
}

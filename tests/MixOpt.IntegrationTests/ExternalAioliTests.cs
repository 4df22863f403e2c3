using System.Net;
using System.Text;
using MixOpt.Client;
using MixOpt.IntegrationTests.Support;
using MixOpt.Testing;

namespace MixOpt.IntegrationTests;

/// <summary>
/// Aioli for an external trainer (POST /api/studies/{id}/runs/{runId}/rounds), driven over REST by a fake trainer whose
/// per-domain losses follow a known linear law: rounds accepted and stored, proportions within the study's bounds,
/// retries idempotent, bad leases and hostile bodies refused with nothing written, and the fallback of a trainer that
/// never posts a round.
/// </summary>
[Collection(ServiceTestCollection.Name)]
public sealed class ExternalAioliTests : EmbeddedHostTests
{
    private static readonly string[] Domains = ExternalStudies.Domains;
    private const int TotalSteps = 60;

    /// <summary>Per step, domain j's loss falls by Σ_i A_ji p_i: training on web helps every domain, so Aioli should raise web.</summary>
    private static readonly double[,] Law = { { 0.02, 0.000, 0.000 }, { 0.01, 0.004, 0.000 }, { 0.01, 0.000, 0.002 } };

    private static object Spec(string name) => new
    {
        name,
        domains = Domains.Select(d => new { name = d }).ToArray(),
        objective = new { metric = "loss:mean", direction = "minimize" },
        constraints = new { min = new Dictionary<string, double> { ["books"] = 0.1 }, max = new Dictionary<string, double> { ["web"] = 0.6 } },
        budget = new { runs = 1, parallelism = 1 },
        strategy = "aioli",
        strategyOptions = new { rounds = 3, probeSteps = 2, stepSize = 0.5, recommend = "final" },
        executor = "external",
        seed = 4,
    };

    private async Task<RunLease> LeaseAsync(Guid studyId)
    {
        for (var tries = 0; tries < 300; tries++)
        {
            if (await Client.LeaseAsync(studyId, worker: "aioli-trainer", leaseSeconds: 120) is { } lease) return lease;
            await Task.Delay(100);
        }
        throw new TimeoutException($"Study {studyId} leased no run.");
    }

    private static Dictionary<string, double> Named(double[] losses) => Domains.Select((d, i) => (d, i)).ToDictionary(p => p.d, p => losses[p.i]);

    private static void Train(double[] losses, IReadOnlyDictionary<string, double> proportions, int steps)
    {
        for (var s = 0; s < steps; s++)
            for (var j = 0; j < 3; j++)
                losses[j] -= Enumerable.Range(0, 3).Sum(i => Law[j, i] * proportions[Domains[i]]);
    }

    private async Task<Recommendation> RecommendationAsync(Guid studyId)
    {
        for (var tries = 0; tries < 300; tries++)
        {
            if ((await Client.GetStudyAsync(studyId)).Status == "Completed" && await Client.GetRecommendationAsync(studyId) is { } r) return r;
            await Task.Delay(100);
        }
        throw new TimeoutException($"Study {studyId} did not complete with a recommendation.");
    }

    private Task<HttpResponseMessage> PostRawAsync(RunLease lease, string json) =>
        Host.Http.PostAsync($"/api/studies/{lease.StudyId}/runs/{lease.RunId}/rounds", new StringContent(json, Encoding.UTF8, "application/json"));

    private Task<long> StoredAsync(Guid runId) => Db.CountAsync(
        "SELECT coalesce((SELECT extract(epoch FROM recorded_at) * 1e6 FROM run_in_run WHERE run_id = @r), 0)::bigint + (SELECT count(*) FROM run_rounds WHERE run_id = @r)",
        ("r", runId));

    [Fact]
    public async Task A_trainer_posts_rounds_trains_on_the_answers_within_bounds_and_the_study_recommends_the_final_proportions()
    {
        var study = await Client.CreateStudyAsync(Spec("aioli-external"));
        var lease = await LeaseAsync(study.Id);
        var losses = new[] { 5.0, 5.0, 5.0 };
        var answers = new List<InRunRound>();
        var answer = await Client.PostRoundAsync(lease, 0, TotalSteps, Named(losses), tokensSeen: 0, proportions: lease.Mixture);
        var stepsTrained = 0;
        while (answer.KeepGoing)
        {
            answers.Add(answer);
            Assert.Equal(1.0, answer.Proportions.Values.Sum(), 9);
            Assert.InRange(answer.Proportions["web"], 0, 0.6 + 1e-9);
            Assert.InRange(answer.Proportions["books"], 0.1 - 1e-9, 1);
            Assert.Equal(stepsTrained + answer.Steps, answer.UntilStep);
            Train(losses, answer.Proportions, answer.Steps);
            stepsTrained = answer.UntilStep;
            var report = Named(losses);
            answer = await Client.PostRoundAsync(lease, stepsTrained, TotalSteps, report, tokensSeen: stepsTrained * 4096L, proportions: answer.Proportions);
            if (answers.Count == 4)
            {
                // The reply was lost: the trainer sends the same report again, gets the same answer, and nothing advances.
                var stored = await StoredAsync(lease.RunId);
                var retried = await Client.PostRoundAsync(lease, stepsTrained, TotalSteps, report);
                Assert.Equal((answer.Round, answer.Phase, answer.Steps, answer.UntilStep), (retried.Round, retried.Phase, retried.Steps, retried.UntilStep));
                Assert.Equal(answer.Proportions, retried.Proportions);
                Assert.Equal(stored, await StoredAsync(lease.RunId));
                // Another report at the same step is not a retry.
                var other = await Assert.ThrowsAsync<MixOptApiException>(() => Client.PostRoundAsync(lease, stepsTrained, TotalSteps, Named([1, 1, 1])));
                Assert.Equal(HttpStatusCode.Conflict, other.Status);
            }
        }

        Assert.Equal(TotalSteps, stepsTrained);
        Assert.Equal(3 * 3, answers.Count(a => a.Phase == "probe"));
        Assert.Equal(3, answers.Count(a => a.Phase == "train"));
        Assert.Equal(3, answer.RoundsRecorded);
        Assert.Equal(3, await Db.CountAsync("SELECT count(*) FROM run_rounds WHERE run_id = @r", ("r", lease.RunId)));
        Assert.Equal(1, await Db.CountAsync("SELECT count(*) FROM run_in_run WHERE run_id = @r AND method = 'aioli' AND rounds = 3 AND note IS NULL", ("r", lease.RunId)));
        Assert.Equal(3, await Db.CountAsync(
            "SELECT count(*) FROM run_rounds WHERE run_id = @r AND abs((SELECT sum(p) FROM unnest(proportions) p) - 1) < 1e-9 AND proportions[1] <= 0.6 + 1e-9 AND proportions[3] >= 0.1 - 1e-9",
            ("r", lease.RunId)));
        // Training on web helps every domain: the train segments moved web up from the start.
        var trains = answers.Where(a => a.Phase == "train").ToList();
        Assert.True(trains[^1].Proportions["web"] > lease.Mixture["web"] + 0.05, $"web went {lease.Mixture["web"]} -> {trains[^1].Proportions["web"]}");

        await Client.ReportAsync(lease, Domains.Select((d, i) => (d, i)).ToDictionary(p => "loss:" + p.d, p => losses[p.i]), seconds: 1);
        var recommendation = await RecommendationAsync(study.Id);
        Assert.Contains("aioli", recommendation.Basis);
        foreach (var d in Domains) Assert.Equal(trains[^1].Proportions[d], recommendation.Mixture[d], 9);
        var trajectory = (await Client.GetRoundsAsync(study.Id, lease.RunId))!;
        Assert.Equal([0, 1, 2], trajectory.Rounds.Select(r => r.Round));
        Assert.Equal(trains[^1].Proportions["web"], trajectory.Rounds[^1].Proportions["web"], 9);
        Assert.Null(trajectory.Note);
    }

    [Fact]
    public async Task A_wrong_lease_and_hostile_bodies_are_refused_and_write_nothing()
    {
        var study = await Client.CreateStudyAsync(Spec("aioli-hostile"));
        var lease = await LeaseAsync(study.Id);
        var first = await Client.PostRoundAsync(lease, 0, TotalSteps, Named([5, 5, 5]));
        Assert.True(first.KeepGoing);
        var stored = await StoredAsync(lease.RunId);

        var stranger = await Assert.ThrowsAsync<MixOptApiException>(() =>
            Client.PostRoundAsync(lease with { LeaseToken = Guid.NewGuid() }, first.UntilStep, TotalSteps, Named([4.9, 4.9, 4.9])));
        Assert.Equal(HttpStatusCode.Conflict, stranger.Status);
        Assert.Equal("Lease refused", stranger.Title);

        var token = lease.LeaseToken;
        string Body(string losses, int step = 2, string extra = "") =>
            $$"""{"leaseToken": "{{token}}", "step": {{step}}, "totalSteps": {{TotalSteps}}, "losses": {{losses}}{{extra}}}""";
        var bad = new (string Why, string Json, HttpStatusCode Status)[]
        {
            ("NaN", Body("""{"web": NaN, "code": 4.9, "books": 4.9}"""), HttpStatusCode.BadRequest),
            ("NaN as a string", Body("""{"web": "NaN", "code": 4.9, "books": 4.9}"""), HttpStatusCode.BadRequest),
            ("overflow to infinity", Body("""{"web": 1e400, "code": 4.9, "books": 4.9}"""), HttpStatusCode.BadRequest),
            ("NUL in a domain name", Body("""{"web": 4.9, "code": 4.9, "books": 4.9, "bo\u0000oks": 4.9}"""), HttpStatusCode.BadRequest),
            ("unknown domain", Body("""{"web": 4.9, "code": 4.9, "books": 4.9, "poetry": 4.9}"""), HttpStatusCode.BadRequest),
            ("missing domain", Body("""{"web": 4.9, "code": 4.9}"""), HttpStatusCode.BadRequest),
            ("negative loss", Body("""{"web": -1, "code": 4.9, "books": 4.9}"""), HttpStatusCode.BadRequest),
            ("negative step", Body("""{"web": 4.9, "code": 4.9, "books": 4.9}""", step: -1), HttpStatusCode.BadRequest),
            ("step past the total", Body("""{"web": 4.9, "code": 4.9, "books": 4.9}""", step: TotalSteps + 1), HttpStatusCode.BadRequest),
            ("proportions off the simplex", Body("""{"web": 4.9, "code": 4.9, "books": 4.9}""", extra: ""","proportions": {"web": 0.9, "code": 0.9, "books": 0.9}"""), HttpStatusCode.BadRequest),
            ("unknown member", Body("""{"web": 4.9, "code": 4.9, "books": 4.9}""", extra: ""","lr": 0.1"""), HttpStatusCode.BadRequest),
            ("a thousand bogus domains", Body("{" + string.Join(", ", Enumerable.Range(0, 1000).Select(i => $"\"d{i}\": 1")) + "}"), HttpStatusCode.BadRequest),
            ("huge body", Body("""{"web": 4.9, "code": 4.9, "books": 4.9}""", extra: $",\"pad\": \"{new string('x', 200_000)}\""), HttpStatusCode.RequestEntityTooLarge),
        };
        foreach (var (why, json, status) in bad)
        {
            using var response = await PostRawAsync(lease, json);
            Assert.True(response.StatusCode == status, $"{why}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(stored, await StoredAsync(lease.RunId));

        // Nothing advanced: the next good report gets the answer the first report's successor would have.
        var next = await Client.PostRoundAsync(lease, first.UntilStep, TotalSteps, Named([4.9, 4.95, 4.97]));
        Assert.Equal((0, "probe"), (next.Round, next.Phase));
        Assert.Equal(first.UntilStep + next.Steps, next.UntilStep);

        // A study without an in-run method takes no rounds.
        var plain = await Client.CreateStudyAsync(ExternalStudies.Spec("plain-external", runs: 1, parallelism: 1));
        var plainLease = await LeaseAsync(plain.Id);
        var refused = await Assert.ThrowsAsync<MixOptApiException>(() => Client.PostRoundAsync(plainLease, 0, TotalSteps, Named([5, 5, 5])));
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Equal(0, await Db.CountAsync("SELECT count(*) FROM run_in_run WHERE run_id = @r", ("r", plainLease.RunId)));
    }

    [Fact]
    public async Task A_trainer_that_never_posts_a_round_falls_back_to_its_starting_proportions_and_the_run_says_so()
    {
        var study = await Client.CreateStudyAsync(Spec("aioli-silent"));
        var lease = await LeaseAsync(study.Id);
        await Client.ReportAsync(lease, Domains.ToDictionary(d => "loss:" + d, _ => 3.0), seconds: 1);

        var trajectory = (await Client.GetRoundsAsync(study.Id, lease.RunId))!;
        Assert.Empty(trajectory.Rounds);
        Assert.Contains("never posted an in-run round", trajectory.Note);
        foreach (var d in Domains) Assert.Equal(lease.Mixture[d], trajectory.Recommended[d], 12);
        Assert.Equal(1, await Db.CountAsync("SELECT count(*) FROM run_in_run WHERE run_id = @r AND rounds = 0 AND note LIKE '%starting proportions%'", ("r", lease.RunId)));

        var recommendation = await RecommendationAsync(study.Id);
        Assert.Contains("recorded no rounds", recommendation.Basis);
        foreach (var d in Domains) Assert.Equal(lease.Mixture[d], recommendation.Mixture[d], 12);
    }
}

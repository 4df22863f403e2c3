using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using MixOpt.Client;
using MixOpt.IntegrationTests.Support;
using MixOpt.Testing;

namespace MixOpt.IntegrationTests;

/// <summary>
/// Reports that race for one run, sent concurrently over real HTTP to the real host: exactly one becomes the run's
/// result and is acknowledged; every other one is refused and says which result was recorded, unless it is a
/// byte-identical retry; and the artifact that stays is the recorded result's.
/// </summary>
[Collection(ServiceTestCollection.Name)]
public sealed class ResultRaceTests : EmbeddedHostTests
{
    [Theory]
    [InlineData(null, null)]        // no idempotency key
    [InlineData("key-a", "key-b")]  // one key each
    public async Task Two_different_reports_under_one_lease_get_one_200_and_one_409_naming_the_recorded_result(string? keyA, string? keyB)
    {
        var study = await Host.Client.CreateStudyAsync(ExternalStudies.Spec("race-" + (keyA ?? "nokey"), runs: 8, parallelism: 4));
        for (var round = 0; round < 3; round++)
        {
            var lease = await LeaseAsync(study.Id);
            var (a, b) = (Body(lease, 3.0 + round), Body(lease, 4.0 + round));
            // A key names one request: each round's reports get keys of their own.
            var answers = await Task.WhenAll(PostAsync(lease, a, keyA is null ? null : $"{keyA}-{round}"), PostAsync(lease, b, keyB is null ? null : $"{keyB}-{round}"));

            var won = Assert.Single(answers, x => x.Status == HttpStatusCode.OK);
            var lost = Assert.Single(answers, x => x.Status == HttpStatusCode.Conflict);
            var recorded = JsonSerializer.Deserialize<RunResult>(won.Body, Json.Options)!;
            var detail = JsonDocument.Parse(lost.Body).RootElement.GetProperty("detail").GetString()!;
            Assert.Contains("already has its result", detail);
            Assert.Contains(recorded.Objective.ToString("R", CultureInfo.InvariantCulture), detail);
            Assert.Equal(recorded.Objective, await ObjectiveInLedgerAsync(lease.RunId));

            // A byte-identical retry of the recorded report is answered with the recorded result; the loser's is not.
            var wonBody = won == answers[0] ? a : b;
            var retry = await PostAsync(lease, wonBody, null);
            Assert.Equal(HttpStatusCode.OK, retry.Status);
            Assert.Equal(recorded, JsonSerializer.Deserialize<RunResult>(retry.Body, Json.Options));
            Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(lease, won == answers[0] ? b : a, null)).Status);
            Assert.Equal(1, await Db.CountAsync("SELECT count(*) FROM run_results WHERE run_id = @r", ("r", lease.RunId)));
        }
    }

    [Fact]
    public async Task Two_concurrent_requests_with_one_idempotency_key_and_different_bodies_get_one_200_and_one_422()
    {
        var study = await Host.Client.CreateStudyAsync(ExternalStudies.Spec("race-one-key", runs: 8, parallelism: 4));
        for (var round = 0; round < 3; round++)
        {
            var lease = await LeaseAsync(study.Id);
            var key = $"one-key-{round}";
            var (a, b) = (Body(lease, 3.0), Body(lease, 5.0));
            var answers = await Task.WhenAll(PostAsync(lease, a, key), PostAsync(lease, b, key));

            var won = Assert.Single(answers, x => x.Status == HttpStatusCode.OK);
            Assert.Single(answers, x => x.Status == HttpStatusCode.UnprocessableEntity);
            // The winner's request with its key is replayed; the loser's stays refused as a reused key.
            var wonBody = won == answers[0] ? a : b;
            var replay = await PostAsync(lease, wonBody, key);
            Assert.Equal((HttpStatusCode.OK, won.Body), (replay.Status, replay.Body));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, (await PostAsync(lease, won == answers[0] ? b : a, key)).Status);
            Assert.Equal(1, await Db.CountAsync("SELECT count(*) FROM run_results WHERE run_id = @r", ("r", lease.RunId)));
        }
    }

    [Fact]
    public async Task The_artifact_that_stays_is_the_recorded_results_even_when_a_losing_report_raced_it()
    {
        var study = await Host.Client.CreateStudyAsync(ExternalStudies.Spec("race-artifacts", runs: 4, parallelism: 2));
        var blobs = new BlobServiceClient(TestServices.Blobs).GetBlobContainerClient(Host.Container);
        var lease = await LeaseAsync(study.Id);
        var (a, b) = (Body(lease, 3.0, lossCurve: [9, 5, 3]), Body(lease, 4.0, lossCurve: [8, 7, 6]));

        var answers = await Task.WhenAll(PostAsync(lease, a, null), PostAsync(lease, b, null));

        var won = Assert.Single(answers, x => x.Status == HttpStatusCode.OK);
        var recorded = JsonSerializer.Deserialize<RunResult>(won.Body, Json.Options)!;
        Assert.NotNull(recorded.ArtifactUri);
        var names = new List<string>();
        await foreach (var blob in blobs.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, MixOpt.Artifacts.ArtifactPaths.Study(study.Id) + $"runs/{lease.Ordinal:D5}/", CancellationToken.None)) names.Add(blob.Name);
        var name = Assert.Single(names);
        Assert.EndsWith(name, new Uri(recorded.ArtifactUri!).AbsolutePath);
        var document = JsonDocument.Parse((await blobs.GetBlobClient(name).DownloadContentAsync()).Value.Content.ToString()).RootElement;
        Assert.Equal(recorded.Objective, document.GetProperty("objective").GetDouble());
        var curve = document.GetProperty("lossCurve").EnumerateArray().Select(p => p.GetDouble()).ToArray();
        Assert.Equal(won == answers[0] ? new[] { 9.0, 5, 3 } : new[] { 8.0, 7, 6 }, curve);
    }

    private async Task<RunLease> LeaseAsync(Guid studyId) =>
        (await Eventually.Until(() => Host.Client.LeaseAsync(studyId, leaseSeconds: 60), l => l is not null, TimeSpan.FromSeconds(15), "a run to lease"))!;

    /// <summary>A result body whose metrics (and so objective) are <paramref name="loss"/> on every domain.</summary>
    private static string Body(RunLease lease, double loss, double[]? lossCurve = null) => JsonSerializer.Serialize(new
    {
        leaseToken = lease.LeaseToken,
        metrics = ExternalStudies.Domains.ToDictionary(d => "loss:" + d, _ => loss),
        seconds = 1.5,
        lossCurve,
    }, Json.Options);

    private async Task<(HttpStatusCode Status, string Body)> PostAsync(RunLease lease, string body, string? idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/studies/{lease.StudyId}/runs/{lease.RunId}/result")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await Host.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<double> ObjectiveInLedgerAsync(Guid runId)
    {
        await using var connection = new Npgsql.NpgsqlConnection(Db.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT objective FROM run_results WHERE run_id = @r", connection);
        command.Parameters.AddWithValue("r", runId);
        return (double)(await command.ExecuteScalarAsync())!;
    }
}

namespace MixOpt.ClusterTests.Support;

/// <summary>The ledger's promise after any failure: every run of a finished study has one result, from its last attempt.</summary>
public static class ExactlyOnce
{
    public static async Task AssertAsync(TestCluster cluster, StudyDto study, int runs)
    {
        Assert.Equal("Completed", study.Status);
        Assert.Equal(runs, study.Runs.Count);
        Assert.Equal(Enumerable.Range(0, runs), study.Runs.Select(r => r.Ordinal).Order());
        Assert.All(study.Runs, r => Assert.Equal("Succeeded", r.State));
        Assert.Equal(runs, await cluster.CountAsync("SELECT count(*) FROM run_results rr JOIN runs r ON r.id = rr.run_id WHERE r.study_id = @s", study.Id));
        // The one result is the one of the run's last attempt, and no other attempt succeeded.
        Assert.Equal(0, await cluster.CountAsync("SELECT count(*) FROM run_results rr JOIN runs r ON r.id = rr.run_id WHERE r.study_id = @s AND rr.attempt <> r.attempts", study.Id));
        Assert.Equal(runs, await cluster.CountAsync("SELECT count(*) FROM run_attempts a JOIN runs r ON r.id = a.run_id WHERE r.study_id = @s AND a.outcome = 'Succeeded'", study.Id));
        Assert.Equal(study.Runs.Sum(r => r.Cost ?? 0), study.TotalCost, 9);
    }
}

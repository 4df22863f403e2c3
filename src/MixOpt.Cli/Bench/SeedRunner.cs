namespace MixOpt.Cli.Bench;

/// <summary>
/// Runs one job per seed, in parallel where there are cores, and returns results in seed order. Each job
/// depends only on its seed, so the figures are the same whatever the scheduling.
/// </summary>
public static class SeedRunner
{
    public static T[] Run<T>(IReadOnlyList<int> seeds, int parallelism, Func<int, T> job)
    {
        var results = new T[seeds.Count];
        try
        {
            Parallel.For(0, seeds.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism) },
                i => results[i] = job(seeds[i]));
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // Surface the first failure as itself, so the CLI prints its one-line message.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        return results;
    }

    public static int[] Seeds(int first, int count)
    {
        if (count < 1) throw new ArgumentException($"--seeds must be at least 1, got {count}.");
        return Enumerable.Range(first, count).ToArray();
    }
}

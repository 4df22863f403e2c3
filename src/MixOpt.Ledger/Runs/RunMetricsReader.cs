namespace MixOpt.Ledger.Runs;

/// <summary>
/// The reported metrics of finished runs, by run, in one round trip. A multi-objective study's grain reads them for the
/// runs it has not seen yet (its observations need every objective, not only the run's objective column).
/// </summary>
public sealed class RunMetricsReader(LedgerCommands commands)
{
    private const string Read = "SELECT run_id, name, value FROM run_metrics WHERE run_id = ANY($1)";

    public Task<IReadOnlyDictionary<Guid, IReadOnlyDictionary<string, double>>> ReadAsync(IReadOnlyCollection<Guid> runIds, CancellationToken ct = default)
    {
        if (runIds.Count == 0) return Task.FromResult<IReadOnlyDictionary<Guid, IReadOnlyDictionary<string, double>>>(new Dictionary<Guid, IReadOnlyDictionary<string, double>>());
        return commands.ExecuteAsync(async c =>
        {
            await using var command = LedgerCommands.Command(c, Read, runIds.ToArray());
            await using var reader = await command.ExecuteReaderAsync(ct);
            var byRun = new Dictionary<Guid, Dictionary<string, double>>();
            while (await reader.ReadAsync(ct))
            {
                var run = reader.GetGuid(0);
                if (!byRun.TryGetValue(run, out var metrics)) byRun[run] = metrics = new Dictionary<string, double>(StringComparer.Ordinal);
                metrics[reader.GetString(1)] = reader.GetDouble(2);
            }
            return (IReadOnlyDictionary<Guid, IReadOnlyDictionary<string, double>>)byRun.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, double>)p.Value);
        }, ct);
    }
}

using MixOpt.Core.Campaigns;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace MixOpt.Ledger.Campaigns;

/// <summary>
/// Campaigns and their firings in the ledger, each operation one statement. A firing is claimed with
/// <c>INSERT ... ON CONFLICT DO NOTHING</c> on the (campaign, instant) key before its action runs: whoever inserts the
/// row owns the instant, everyone else (another silo, a late reminder, a restarted host) sees it taken and resumes
/// from what the row says instead of acting again.
/// </summary>
public sealed class CampaignLedger(LedgerCommands commands, TimeProvider clock)
{
    private const string CampaignColumns = "id, name, spec, state, pause_reason, consecutive_failures, schedule_from, created_at, updated_at";
    private const string FiringColumns = "id, campaign_id, instant, trigger, state, study_id, outcome, best_value, cost_spent, full_cost, plan, mixture, created_at, updated_at";

    public static string Serialize(CampaignSpec spec) => JsonSerializer.Serialize(spec, StudySpecJson.Options);

    public static CampaignSpec Deserialize(string json) =>
        JsonSerializer.Deserialize<CampaignSpec>(json, StudySpecJson.Options) ?? throw new JsonException("A campaign spec must be a JSON object.");

    public async Task<CampaignRow> CreateAsync(CampaignSpec spec, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().ToUniversalTime();
        var id = Guid.CreateVersion7();
        await commands.ExecuteAsync(async c =>
        {
            await using var cmd = LedgerCommands.Command(c,
                $"INSERT INTO campaigns ({CampaignColumns}) VALUES ($1, $2, $3::jsonb, 'Active', NULL, 0, $4, $4, $4)", id, spec.Name, Serialize(spec), now);
            return await cmd.ExecuteNonQueryAsync(ct);
        }, ct);
        return new CampaignRow(id, spec.Name, spec, CampaignState.Active, null, 0, now, now, now);
    }

    public async Task<CampaignRow?> FindAsync(Guid id, CancellationToken ct = default) =>
        (await ReadCampaignsAsync($"SELECT {CampaignColumns} FROM campaigns WHERE id = $1", [id], ct)).SingleOrDefault();

    public async Task<(IReadOnlyList<CampaignRow> Page, int Total)> ListAsync(int skip, int take, CancellationToken ct = default)
    {
        var page = await ReadCampaignsAsync($"SELECT {CampaignColumns} FROM campaigns ORDER BY created_at DESC, id LIMIT $1 OFFSET $2", [take, skip], ct);
        var total = await commands.ExecuteAsync(async c =>
        {
            await using var cmd = LedgerCommands.Command(c, "SELECT count(*) FROM campaigns");
            return Convert.ToInt32(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        }, ct);
        return (page, total);
    }

    public async Task<IReadOnlyList<Guid>> ActiveIdsAsync(CancellationToken ct = default) =>
        (await ReadCampaignsAsync($"SELECT {CampaignColumns} FROM campaigns WHERE state = 'Active'", [], ct)).Select(c => c.Id).ToList();

    public Task<bool> UpdateSpecAsync(Guid id, CampaignSpec spec, CancellationToken ct = default) =>
        ChangeAsync("UPDATE campaigns SET name = $2, spec = $3::jsonb, updated_at = $4 WHERE id = $1", ct, id, spec.Name, Serialize(spec), Now);

    /// <summary>Active → paused, with why (a person, or K failed firings); false when it was not active.</summary>
    public Task<bool> PauseAsync(Guid id, string reason, CancellationToken ct = default) =>
        ChangeAsync("UPDATE campaigns SET state = 'Paused', pause_reason = $2, updated_at = $3 WHERE id = $1 AND state = 'Active'", ct, id, reason, Now);

    /// <summary>
    /// Paused → active. The failure count starts again, and the schedule starts from now: what fell due while the
    /// campaign was paused is neither caught up nor recorded as missed.
    /// </summary>
    public Task<bool> ResumeAsync(Guid id, CancellationToken ct = default) =>
        ChangeAsync("UPDATE campaigns SET state = 'Active', pause_reason = NULL, consecutive_failures = 0, schedule_from = $2, updated_at = $2 WHERE id = $1 AND state = 'Paused'", ct, id, Now);

    /// <summary>Deletes the campaign with its firings (the studies it made stay); false when there was none.</summary>
    public Task<bool> DeleteAsync(Guid id, CancellationToken ct = default) => ChangeAsync("DELETE FROM campaigns WHERE id = $1", ct, id);

    /// <summary>Counts a failed firing; pauses the campaign when it is the <paramref name="pauseAfter"/>-th in a row (0: never). True when it paused.</summary>
    public Task<bool> RecordFailureAsync(Guid id, int pauseAfter, CancellationToken ct = default) =>
        commands.ExecuteAsync(async c =>
        {
            await using var cmd = LedgerCommands.Command(c, """
                UPDATE campaigns SET consecutive_failures = consecutive_failures + 1, updated_at = $3,
                    state = CASE WHEN $2 > 0 AND consecutive_failures + 1 >= $2 THEN 'Paused' ELSE state END,
                    pause_reason = CASE WHEN $2 > 0 AND consecutive_failures + 1 >= $2 THEN 'paused after ' || (consecutive_failures + 1) || ' failed firings in a row' ELSE pause_reason END
                WHERE id = $1 RETURNING state
                """, id, pauseAfter, Now);
            return (string?)await cmd.ExecuteScalarAsync(ct) == nameof(CampaignState.Paused) && pauseAfter > 0;
        }, ct);

    public Task<bool> ResetFailuresAsync(Guid id, CancellationToken ct = default) =>
        ChangeAsync("UPDATE campaigns SET consecutive_failures = 0 WHERE id = $1 AND consecutive_failures <> 0", ct, id);

    /// <summary>The campaign's firings, newest instant first.</summary>
    public Task<IReadOnlyList<CampaignFiringRow>> FiringsAsync(Guid campaignId, int skip = 0, int take = 1000, CancellationToken ct = default) =>
        ReadFiringsAsync($"SELECT {FiringColumns} FROM campaign_firings WHERE campaign_id = $1 ORDER BY instant DESC LIMIT $2 OFFSET $3", [campaignId, take, skip], ct);

    public Task<int> CountFiringsAsync(Guid campaignId, CancellationToken ct = default) =>
        commands.ExecuteAsync(async c =>
        {
            await using var cmd = LedgerCommands.Command(c, "SELECT count(*) FROM campaign_firings WHERE campaign_id = $1", campaignId);
            return Convert.ToInt32(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        }, ct);

    /// <summary>Pending, buffered and running firings, oldest first.</summary>
    public Task<IReadOnlyList<CampaignFiringRow>> OpenFiringsAsync(Guid campaignId, CancellationToken ct = default) =>
        ReadFiringsAsync($"SELECT {FiringColumns} FROM campaign_firings WHERE campaign_id = $1 AND state IN ('Pending', 'Buffered', 'Running') ORDER BY instant", [campaignId], ct);

    /// <summary>Where the campaign's schedule stands, for <see cref="CampaignPlanner"/>.</summary>
    public Task<CampaignPosition> PositionAsync(CampaignRow campaign, CancellationToken ct = default) =>
        commands.ExecuteAsync(async c =>
        {
            await using var cmd = LedgerCommands.Command(c, """
                SELECT max(instant) FILTER (WHERE trigger = 'Schedule'),
                       count(*) FILTER (WHERE trigger = 'Schedule' AND state NOT IN ('Skipped', 'Missed')),
                       count(*) FILTER (WHERE state IN ('Pending', 'Running')),
                       count(*) FILTER (WHERE state = 'Buffered')
                FROM campaign_firings WHERE campaign_id = $1
                """, campaign.Id);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            return new CampaignPosition(
                reader.IsDBNull(0) ? null : reader.GetFieldValue<DateTimeOffset>(0), campaign.ScheduleFrom,
                (int)reader.GetInt64(1), reader.GetInt64(2) > 0, reader.GetInt64(3) > 0);
        }, ct);

    /// <summary>
    /// Claims an instant for the campaign: the new row, or null when the instant was already claimed (by this
    /// activation before a crash, another silo, or a late reminder). <paramref name="studyId"/> is the id the firing's
    /// study will get, chosen here so a resumed firing creates the same study, not a second one.
    /// </summary>
    public Task<CampaignFiringRow?> ClaimAsync(Guid campaignId, DateTimeOffset instant, FiringTrigger trigger, FiringState state, Guid? studyId = null, string? outcome = null, CancellationToken ct = default) =>
        commands.ExecuteAsync(async c =>
        {
            await using var cmd = LedgerCommands.Command(c, $"""
                INSERT INTO campaign_firings (id, campaign_id, instant, trigger, state, study_id, outcome, created_at, updated_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
                ON CONFLICT (campaign_id, instant) DO NOTHING
                RETURNING {FiringColumns}
                """, Guid.CreateVersion7(), campaignId, instant.ToUniversalTime(), trigger.ToString(), state.ToString(),
                studyId is { } s ? s : new LedgerCommands.TypedNull(NpgsqlDbType.Uuid),
                outcome is { } o ? o : new LedgerCommands.TypedNull(NpgsqlDbType.Text), Now);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct) ? Firing(reader) : null;
        }, ct);

    /// <summary>Moves a firing on, only from one of <paramref name="from"/> (so two writers cannot both end it); false otherwise.</summary>
    public Task<bool> UpdateFiringAsync(Guid firingId, IReadOnlyCollection<FiringState> from, FiringUpdate update, CancellationToken ct = default) =>
        ChangeAsync("""
            UPDATE campaign_firings SET state = $3, outcome = coalesce($4, outcome), study_id = coalesce($5, study_id),
                best_value = coalesce($6, best_value), cost_spent = coalesce($7, cost_spent), full_cost = coalesce($8, full_cost),
                plan = coalesce($9::jsonb, plan), mixture = coalesce($10::jsonb, mixture), updated_at = $11
            WHERE id = $1 AND state = ANY($2)
            """, ct, firingId, from.Select(s => s.ToString()).ToArray(), update.State.ToString(),
            Text(update.Outcome), update.StudyId is { } s ? s : new LedgerCommands.TypedNull(NpgsqlDbType.Uuid),
            Number(update.BestValue), Number(update.CostSpent), Number(update.FullCost),
            Text(update.Plan), Text(update.Mixture is null ? null : JsonSerializer.Serialize(update.Mixture)), Now);

    private DateTimeOffset Now => clock.GetUtcNow().ToUniversalTime();

    private static object Text(string? s) => s is null ? new LedgerCommands.TypedNull(NpgsqlDbType.Text) : s;

    /// <summary>A finite number or a typed null: the ledger never stores NaN or infinity (the columns check it too).</summary>
    private static object Number(double? v) => v is { } x && double.IsFinite(x) ? x : new LedgerCommands.TypedNull(NpgsqlDbType.Double);

    private Task<bool> ChangeAsync(string sql, CancellationToken ct, params object?[] parameters) =>
        commands.ExecuteAsync(async c =>
        {
            await using var cmd = LedgerCommands.Command(c, sql, parameters);
            return await cmd.ExecuteNonQueryAsync(ct) > 0;
        }, ct);

    private Task<IReadOnlyList<CampaignRow>> ReadCampaignsAsync(string sql, object[] parameters, CancellationToken ct) =>
        commands.ExecuteAsync(async c =>
        {
            await using var cmd = LedgerCommands.Command(c, sql, parameters);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            var rows = new List<CampaignRow>();
            while (await reader.ReadAsync(ct))
                rows.Add(new CampaignRow(reader.GetGuid(0), reader.GetString(1), Deserialize(reader.GetString(2)), Enum.Parse<CampaignState>(reader.GetString(3)),
                    reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetInt32(5), reader.GetFieldValue<DateTimeOffset>(6),
                    reader.GetFieldValue<DateTimeOffset>(7), reader.GetFieldValue<DateTimeOffset>(8)));
            return (IReadOnlyList<CampaignRow>)rows;
        }, ct);

    private Task<IReadOnlyList<CampaignFiringRow>> ReadFiringsAsync(string sql, object[] parameters, CancellationToken ct) =>
        commands.ExecuteAsync(async c =>
        {
            await using var cmd = LedgerCommands.Command(c, sql, parameters);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            var rows = new List<CampaignFiringRow>();
            while (await reader.ReadAsync(ct)) rows.Add(Firing(reader));
            return (IReadOnlyList<CampaignFiringRow>)rows;
        }, ct);

    private static CampaignFiringRow Firing(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetGuid(1), r.GetFieldValue<DateTimeOffset>(2), Enum.Parse<FiringTrigger>(r.GetString(3)), Enum.Parse<FiringState>(r.GetString(4)),
        r.IsDBNull(5) ? null : r.GetGuid(5), r.IsDBNull(6) ? null : r.GetString(6),
        r.IsDBNull(7) ? null : r.GetDouble(7), r.IsDBNull(8) ? null : r.GetDouble(8), r.IsDBNull(9) ? null : r.GetDouble(9),
        r.IsDBNull(10) ? null : r.GetString(10),
        r.IsDBNull(11) ? null : JsonSerializer.Deserialize<Dictionary<string, double>>(r.GetString(11)),
        r.GetFieldValue<DateTimeOffset>(12), r.GetFieldValue<DateTimeOffset>(13));
}

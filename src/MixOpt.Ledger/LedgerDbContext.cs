using Microsoft.EntityFrameworkCore;
using MixOpt.Ledger.Rows;

namespace MixOpt.Ledger;

/// <summary>
/// EF Core view of the ledger. The schema itself is owned by the SQL migrations in sql/ledger;
/// this model maps onto it (names spelled out so the two can be read side by side).
/// </summary>
public sealed class LedgerDbContext(DbContextOptions<LedgerDbContext> options) : DbContext(options)
{
    public DbSet<StudyRow> Studies => Set<StudyRow>();
    public DbSet<RunRow> Runs => Set<RunRow>();
    public DbSet<RunResultRow> RunResults => Set<RunResultRow>();
    public DbSet<RunMetricRow> RunMetrics => Set<RunMetricRow>();
    public DbSet<RunAttemptRow> RunAttempts => Set<RunAttemptRow>();
    public DbSet<ApiKeys.ApiKeyRow> ApiKeys => Set<ApiKeys.ApiKeyRow>();
    public DbSet<Idempotency.IdempotentRequestRow> IdempotentRequests => Set<Idempotency.IdempotentRequestRow>();
    public DbSet<RecommendationHistoryRow> RecommendationHistory => Set<RecommendationHistoryRow>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<StudyRow>(e =>
        {
            e.ToTable("studies");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.Name).HasColumnName("name");
            e.Property(x => x.Spec).HasColumnName("spec").HasColumnType("jsonb");
            e.Property(x => x.Status).HasColumnName("status").HasConversion<string>();
            e.Property(x => x.Strategy).HasColumnName("strategy");
            e.Property(x => x.Seed).HasColumnName("seed");
            e.Property(x => x.RunBudget).HasColumnName("run_budget");
            e.Property(x => x.ProposalRounds).HasColumnName("proposal_rounds");
            e.Property(x => x.BestRunId).HasColumnName("best_run_id");
            e.Property(x => x.BestValue).HasColumnName("best_value");
            e.Property(x => x.BestMixture).HasColumnName("best_mixture");
            e.Property(x => x.OptimumValue).HasColumnName("optimum_value");
            e.Property(x => x.OptimumMixture).HasColumnName("optimum_mixture");
            e.Property(x => x.Error).HasColumnName("error");
            e.Property(x => x.Recommendation).HasColumnName("recommendation").HasColumnType("jsonb");
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            e.Property(x => x.UpdatedAt).HasColumnName("updated_at");
            e.Property(x => x.CompletedAt).HasColumnName("completed_at");
        });
        model.Entity<RunRow>(e =>
        {
            e.ToTable("runs");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.StudyId).HasColumnName("study_id");
            e.Property(x => x.Ordinal).HasColumnName("ordinal");
            e.Property(x => x.Round).HasColumnName("round");
            e.Property(x => x.Mixture).HasColumnName("mixture");
            e.Property(x => x.Fidelity).HasColumnName("fidelity");
            e.Property(x => x.State).HasColumnName("state").HasConversion<string>();
            e.Property(x => x.Attempts).HasColumnName("attempts");
            e.Property(x => x.Worker).HasColumnName("worker");
            e.Property(x => x.Objective).HasColumnName("objective");
            e.Property(x => x.Cost).HasColumnName("cost");
            e.Property(x => x.Error).HasColumnName("error");
            e.Property(x => x.LeaseToken).HasColumnName("lease_token");
            e.Property(x => x.LeaseExpiresAt).HasColumnName("lease_expires_at");
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            e.Property(x => x.StartedAt).HasColumnName("started_at");
            e.Property(x => x.FinishedAt).HasColumnName("finished_at");
        });
        model.Entity<RunResultRow>(e =>
        {
            e.ToTable("run_results");
            e.HasKey(x => x.RunId);
            e.Property(x => x.RunId).HasColumnName("run_id");
            e.Property(x => x.Attempt).HasColumnName("attempt");
            e.Property(x => x.Objective).HasColumnName("objective");
            e.Property(x => x.Cost).HasColumnName("cost");
            e.Property(x => x.Seconds).HasColumnName("seconds");
            e.Property(x => x.ArtifactUri).HasColumnName("artifact_uri");
            e.Property(x => x.RecordedAt).HasColumnName("recorded_at");
            e.HasMany(x => x.Metrics).WithOne().HasForeignKey(m => m.RunId);
        });
        model.Entity<RunMetricRow>(e =>
        {
            e.ToTable("run_metrics");
            e.HasKey(x => new { x.RunId, x.Name });
            e.Property(x => x.RunId).HasColumnName("run_id");
            e.Property(x => x.Name).HasColumnName("name");
            e.Property(x => x.Value).HasColumnName("value");
        });
            model.Entity<RunAttemptRow>(e =>
        {
            e.ToTable("run_attempts");
            e.HasKey(x => new { x.RunId, x.Attempt });
            e.Property(x => x.RunId).HasColumnName("run_id");
            e.Property(x => x.Attempt).HasColumnName("attempt");
            e.Property(x => x.Worker).HasColumnName("worker");
            e.Property(x => x.LeaseToken).HasColumnName("lease_token");
            e.Property(x => x.StartedAt).HasColumnName("started_at");
            e.Property(x => x.ExpiresAt).HasColumnName("expires_at");
            e.Property(x => x.HeartbeatAt).HasColumnName("heartbeat_at");
            e.Property(x => x.EndedAt).HasColumnName("ended_at");
            e.Property(x => x.Outcome).HasColumnName("outcome").HasConversion<string>();
            e.Property(x => x.Reason).HasColumnName("reason");
        });
        model.Entity<RecommendationHistoryRow>(e =>
        {
            e.ToTable("recommendation_history");
            e.HasKey(x => new { x.StudyId, x.Observations });
            e.Property(x => x.StudyId).HasColumnName("study_id");
            e.Property(x => x.Observations).HasColumnName("observations");
            e.Property(x => x.Cost).HasColumnName("cost");
            e.Property(x => x.Predicted).HasColumnName("predicted");
            e.Property(x => x.StdDev).HasColumnName("std_dev");
            e.Property(x => x.Basis).HasColumnName("basis");
            e.Property(x => x.Mixture).HasColumnName("mixture");
            e.Property(x => x.Final).HasColumnName("final");
            e.Property(x => x.RecordedAt).HasColumnName("recorded_at");
        });
        model.Entity<ApiKeys.ApiKeyRow>(e =>
        {
            e.ToTable("api_keys");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.Name).HasColumnName("name");
            e.Property(x => x.Scopes).HasColumnName("scopes");
            e.Property(x => x.KeyHash).HasColumnName("key_hash");
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            e.Property(x => x.RevokedAt).HasColumnName("revoked_at");
        });
        model.Entity<Idempotency.IdempotentRequestRow>(e =>
        {
            e.ToTable("idempotent_requests");
            e.HasKey(x => new { x.ApiKeyId, x.IdempotencyKey });
            e.Property(x => x.ApiKeyId).HasColumnName("api_key_id");
            e.Property(x => x.IdempotencyKey).HasColumnName("idempotency_key");
            e.Property(x => x.StudyId).HasColumnName("study_id");
            e.Property(x => x.RequestHash).HasColumnName("request_hash");
            e.Property(x => x.StatusCode).HasColumnName("status_code");
            e.Property(x => x.Response).HasColumnName("response");
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
        });
    }
}

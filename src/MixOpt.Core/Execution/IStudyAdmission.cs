using MixOpt.Core.Studies;

namespace MixOpt.Core.Execution;

/// <summary>
/// An executor that can say at submit time which studies it cannot serve on this host (a merged rung with no corpus
/// configured, a domain with no shards), beyond what the spec alone shows. The host that accepts studies asks every
/// executor it has; a host without the executor (a cluster's web host) cannot know, and the worker fails the runs
/// with the reason instead.
/// </summary>
public interface IStudyAdmission
{
    /// <summary>Errors keyed by the JSON path of the field they concern; empty when this executor can serve the study.</summary>
    Task<IReadOnlyDictionary<string, string[]>> RefusalsAsync(StudySpec spec, CancellationToken ct);
}

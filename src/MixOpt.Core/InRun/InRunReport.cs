namespace MixOpt.Core.InRun;

/// <summary>
/// What a running trainer tells its in-run method: how many steps it has trained so far and each domain's
/// validation loss now (in the study's domain order, all finite).
/// </summary>
public sealed record InRunReport(int Step, IReadOnlyList<double> Losses);

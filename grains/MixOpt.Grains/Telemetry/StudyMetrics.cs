using System.Diagnostics;
using System.Diagnostics.Metrics;
using MixOpt.Core.Studies;

namespace MixOpt.Grains.Telemetry;

/// <summary>
/// The study grain's instruments (meter <see cref="MeterName"/>): how long a strategy took to propose a batch (its
/// surrogate fits included) and to fit its closing recommendation, tagged by strategy and surrogate (the study's
/// <c>strategyOptions.surrogate</c>, or <c>auto</c> when the strategy picks one itself).
/// </summary>
public sealed class StudyMetrics
{
    public const string MeterName = "MixOpt.Studies";

    private static readonly double[] Buckets = [0.0001, 0.001, 0.005, 0.025, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
    private readonly Histogram<double> _proposal;
    private readonly Histogram<double> _fit;

    public StudyMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _proposal = meter.CreateHistogram<double>("mixopt.strategy.proposal.duration", "s", "Time a strategy took to propose one batch of runs.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets });
        _fit = meter.CreateHistogram<double>("mixopt.strategy.fit.duration", "s", "Time a strategy took to fit its closing recommendation and surrogate table.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets });
    }

    public void Proposed(StudySpec spec, TimeSpan took) => _proposal.Record(took.TotalSeconds, Tags(spec));

    public void Fitted(StudySpec spec, TimeSpan took) => _fit.Record(took.TotalSeconds, Tags(spec));

    private static TagList Tags(StudySpec spec) => new()
    {
        { "strategy", spec.Strategy.ToLowerInvariant() },
        { "surrogate", spec.StrategyOptions?.Surrogate?.ToLowerInvariant() ?? "auto" },
    };
}

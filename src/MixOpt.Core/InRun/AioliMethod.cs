using MixOpt.Core.Mixtures;
using MixOpt.Core.Randomness;

namespace MixOpt.Core.InRun;

/// <summary>
/// Aioli as an in-run method. An optional warm-up trains on the starting mixture; then each round: probe every
/// domain (in a seeded order per sweep) for <see cref="AioliOptions.ProbeSteps"/> steps on <c>(1 − ε)·e_i + ε·p</c>,
/// each from the round's parameters (restored after it, as the paper's LearnEstimate does) and measured against the
/// round's starting losses; fit the interaction matrix (optionally averaged over the rounds); update the proportions;
/// train the rest of the round on them.
/// </summary>
public sealed class AioliMethod : IInRunMethod
{
    public const string MethodName = "aioli";

    private readonly AioliOptions _options;
    private readonly MixtureConstraints _constraints;
    private readonly int _domains;
    private readonly int _totalSteps;
    private readonly int _seed;
    private readonly List<InRunRound> _rounds = [];
    private readonly Queue<InRunSegment> _planned = new();
    private readonly List<IReadOnlyList<double>> _probeMixtures = [];
    private readonly List<IReadOnlyList<double>> _probeChanges = [];
    private readonly List<AioliProbe> _probes = [];
    private readonly Queue<(int Sweep, int Domain)> _plannedProbes = new();
    private double[] _current;
    private IReadOnlyList<double>? _lastLosses;
    private IReadOnlyList<double>? _roundStartLosses;
    private double[,]? _interactionSum;
    private int _fits;
    private bool _warmedUp;
    private InRunSegment? _inFlight;
    private int _round;
    private int _lastStep;

    public AioliMethod(Mixture start, int totalSteps, AioliOptions options, MixtureConstraints constraints, int seed)
    {
        _domains = start.Count;
        if (constraints.Domains != _domains) throw new ArgumentException($"Constraints for {constraints.Domains} domains, mixture of {_domains}.");
        options.Validate(_domains, totalSteps);
        _options = options;
        _constraints = constraints;
        _totalSteps = totalSteps;
        _seed = seed;
        _current = start.ToArray();
        _constraints.Project(_current);
    }

    public string Name => MethodName;

    public Mixture Current => Mixture.Normalize(_current);

    public IReadOnlyList<InRunRound> Rounds => _rounds;

    /// <summary>Every probe measured so far, in order (for diagnosis: per-sweep estimates and their agreement).</summary>
    public IReadOnlyList<AioliProbe> Probes => _probes;

    /// <summary>The interaction matrix of the latest round's fit (null before the first fit or when it failed).</summary>
    public double[,]? LastInteractions { get; private set; }

    /// <summary>Rounds whose probes could not be fitted (non-finite or degenerate), which kept their proportions.</summary>
    public int UnfittedRounds { get; private set; }

    public Mixture Recommended => _options.Recommend == AioliRecommendation.Average && _rounds.Count > 0
        ? Average()
        : Current;

    public InRunSegment? Next(InRunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Losses.Count != _domains)
            throw new ArgumentException($"The report has {report.Losses.Count} losses for {_domains} domains.");
        foreach (var loss in report.Losses)
            if (!double.IsFinite(loss)) throw new ArgumentException($"A reported loss is {loss}; losses must be finite.");
        if (report.Step < _lastStep) throw new ArgumentException($"The report is at step {report.Step}, before the previous report's {_lastStep}.");
        _lastStep = report.Step;

        if (_inFlight is { } done)
        {
            if (done.Phase == InRunSegment.ProbePhase)
            {
                // A restored probe started from the round's parameters, so its change is taken from the round's start.
                var before = done.RestoresParameters ? _roundStartLosses! : _lastLosses!;
                var change = report.Losses.Select((l, j) => l - before[j]).ToArray();
                var (sweep, domain) = _plannedProbes.Dequeue();
                _probeMixtures.Add(done.Proportions.ToArray());
                _probeChanges.Add(change);
                _probes.Add(new AioliProbe(done.Round, sweep, domain, done.Proportions.ToArray(), change));
            }
            else if (done.Phase == InRunSegment.TrainPhase)
            {
                _rounds.Add(new InRunRound(done.Round, report.Step, done.Proportions.ToArray(), report.Losses.ToArray()));
                _round++;
            }
        }
        _lastLosses = report.Losses.ToArray();

        if (_planned.Count == 0)
        {
            if (_inFlight is { Phase: InRunSegment.ProbePhase }) PlanTraining();
            else if (!_warmedUp && _options.WarmupSteps > 0)
            {
                _warmedUp = true;
                Plan(Current, _options.WarmupSteps, InRunSegment.WarmupPhase);
            }
            else if (_round < _options.Rounds)
            {
                _roundStartLosses = _lastLosses;
                PlanProbes();
            }
        }
        _inFlight = _planned.Count > 0 ? _planned.Dequeue() : null;
        return _inFlight;
    }

    /// <summary>
    /// Continues a run from its recorded rounds (an external trainer's run after the service restarted): the method
    /// stands where it stood right after the last round's report, so that report (or the next one) plans the next
    /// round's probes from the last round's proportions. Only round boundaries are recorded, so probes in flight are lost.
    /// </summary>
    public void Resume(IReadOnlyList<InRunRound> rounds)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        if (_inFlight is not null || _rounds.Count > 0) throw new InvalidOperationException("Only a method that has not started can resume.");
        if (rounds.Count == 0) return;
        if (rounds.Count > _options.Rounds) throw new ArgumentException($"{rounds.Count} recorded rounds, but the method has {_options.Rounds}.");
        for (var i = 0; i < rounds.Count; i++)
        {
            var r = rounds[i];
            if (r.Round != i || r.Proportions.Count != _domains || r.Losses.Count != _domains)
                throw new ArgumentException($"Recorded round {i} does not fit a run of {_domains} domains.");
            _rounds.Add(r);
        }
        _current = rounds[^1].Proportions.ToArray();
        _lastLosses = rounds[^1].Losses.ToArray();
        _lastStep = rounds[^1].Step;
        _round = rounds.Count;
        // A recorded round means the warm-up is behind the run. Averaged interactions restart from the next fit: the
        // per-round matrices are not recorded.
        _warmedUp = true;
    }

    private int StepsOfRound(int round)
    {
        var steps = _totalSteps - _options.WarmupSteps;
        return round == _options.Rounds - 1 ? steps - (_options.Rounds - 1) * (steps / _options.Rounds) : steps / _options.Rounds;
    }

    private void PlanProbes()
    {
        _probeMixtures.Clear();
        _probeChanges.Clear();
        _plannedProbes.Clear();
        for (var sweep = 0; sweep < _options.Sweeps; sweep++)
        {
            var order = Enumerable.Range(0, _domains).ToArray();
            new Random(SeedMixer.Mix(_seed, _round, sweep)).Shuffle(order);
            foreach (var d in order)
            {
                _plannedProbes.Enqueue((sweep, d));
                _planned.Enqueue(new InRunSegment(Mixture.Normalize(AioliEstimator.ProbeMixture(d, _current, _options.Smoothing, _constraints)), _options.ProbeSteps, InRunSegment.ProbePhase, _round)
                {
                    RestoresParameters = _options.RestoreAfterProbe,
                    CountsInBudget = _options.ProbesInBudget,
                });
            }
        }
    }

    private void PlanTraining()
    {
        try
        {
            var a = AioliEstimator.FitInteractionMatrix(_probeMixtures, _probeChanges);
            if (a.Cast<double>().All(double.IsFinite))
            {
                LastInteractions = a;
                _current = AioliEstimator.Update(_current, _options.AverageInteractions ? Averaged(a) : a, _options.StepSize, _constraints);
            }
            else UnfittedRounds++;
        }
        catch (ArgumentException) { UnfittedRounds++; }
        catch (InvalidOperationException) { UnfittedRounds++; }
        var rest = StepsOfRound(_round) - (_options.ProbesInBudget ? _options.ProbeStepsPerRound(_domains) : 0);
        Plan(Current, rest, InRunSegment.TrainPhase);
    }

    private void Plan(Mixture proportions, int steps, string phase)
    {
        _planned.Enqueue(new InRunSegment(proportions, steps, phase, _round));
    }

    /// <summary>Adds this round's fit to the running sum and returns the mean over the rounds fitted so far.</summary>
    private double[,] Averaged(double[,] a)
    {
        _interactionSum ??= new double[_domains, _domains];
        _fits++;
        var mean = new double[_domains, _domains];
        for (var j = 0; j < _domains; j++)
            for (var i = 0; i < _domains; i++)
            {
                _interactionSum[j, i] += a[j, i];
                mean[j, i] = _interactionSum[j, i] / _fits;
            }
        return mean;
    }

    private Mixture Average()
    {
        var mean = new double[_domains];
        foreach (var round in _rounds)
            for (var i = 0; i < _domains; i++) mean[i] += round.Proportions[i] / _rounds.Count;
        _constraints.Project(mean);
        return Mixture.Normalize(mean);
    }
}

using MixOpt.Core.Mixtures;
using MixOpt.Core.Strategies;
using MixOpt.Core.Studies;
using MixOpt.Ledger.Rows;
using MixOpt.Ledger.Studies;

namespace MixOpt.Grains.Studies;

/// <summary>
/// A study grain's copy of its study row and runs, brought up to date from the ledger (one round trip) before every
/// decision. Finished runs never change, so after the first full read only new runs and pending runs that finished are
/// read, and the observations grow by the runs that succeeded since: a decision costs O(changes) ledger rows and
/// objects, not O(all runs). Lost with the activation; rebuilt in full.
/// </summary>
public sealed class StudyRunView(StudyProgressLedger ledger, Guid studyId)
{
    private readonly SortedDictionary<int, RunRow> _byOrdinal = [];
    private readonly Dictionary<Guid, RunRow> _pending = [];
    private readonly List<(RunRow Row, Observation Obs)> _observations = [];
    private bool _loaded;

    /// <summary>How many finished runs spent the study's budget (see <see cref="StudyBudget.IsOwn"/>), and their reported cost.</summary>
    public (int Count, double Cost) OwnFinished { get; private set; }

    /// <summary>Every run of the study, in ordinal order.</summary>
    public IReadOnlyCollection<RunRow> Runs => _byOrdinal.Values;

    /// <summary>The runs not finished yet, in ordinal order.</summary>
    public IReadOnlyList<RunRow> Pending => _pending.Values.OrderBy(r => r.Ordinal).ToList();

    /// <summary>The succeeded runs with their observation, in ordinal order (as a full read would give them).</summary>
    public IReadOnlyList<(RunRow Row, Observation Obs)> Observations => _observations;

    /// <summary>Reads the study row and what changed; returns the study (null if it is not in the ledger).</summary>
    public async Task<StudyRow?> RefreshAsync(CancellationToken ct = default)
    {
        int? after = _loaded ? (_byOrdinal.Count == 0 ? -1 : _byOrdinal.Keys.Max()) : null;
        var (study, runs) = await ledger.ReadAsync(studyId, after, _loaded ? _pending.Keys : [], ct);
        _loaded = true;
        foreach (var run in runs)
        {
            _byOrdinal[run.Ordinal] = run;
            if (run.State.IsPending()) _pending[run.Id] = run;
            else
            {
                // A finished run is read once: when it is new, or when it was pending in this view.
                _pending.Remove(run.Id);
                if (StudyBudget.IsOwn(run)) OwnFinished = (OwnFinished.Count + 1, OwnFinished.Cost + (run.Cost ?? 0));
                if (run.State == RunState.Succeeded && run.Objective is { } value)
                    AddObservation(run, new Observation(Mixture.Create(run.Mixture), run.Fidelity, value));
            }
        }
        return study;
    }

    private void AddObservation(RunRow run, Observation observation)
    {
        // Runs mostly finish in ordinal order: search from the end.
        var at = _observations.Count;
        while (at > 0 && _observations[at - 1].Row.Ordinal > run.Ordinal) at--;
        _observations.Insert(at, (run, observation));
    }
}

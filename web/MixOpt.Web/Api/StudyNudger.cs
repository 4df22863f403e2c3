using System.Collections.Concurrent;
using System.Diagnostics;
using MixOpt.Grains;

namespace MixOpt.Web.Api;

/// <summary>
/// Tells a study's grain that one of its runs finished, without making the reporting request wait for the study
/// to propose, and coalescing: while a call is in flight for a study, further nudges collapse into one follow-up
/// call. Hundreds of results per second then cost the study a few proposal rounds, not hundreds. A follow-up call
/// starts no sooner than <see cref="MinInterval"/> after the previous one started: each round re-reads the study
/// and fits its strategy, so back-to-back rounds under a stream of results would take a core for themselves while
/// adding little (the runs a round queues cover the trainers for longer than that). A lone nudge goes at once.
/// </summary>
public sealed class StudyNudger(IGrainFactory grains, ILogger<StudyNudger> log)
{
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(50);

    // 0: idle; 1: a call in flight; 2: a call in flight and another wanted after it.
    private readonly ConcurrentDictionary<Guid, int> _state = new();

    public void Nudge(Guid studyId, Guid runId)
    {
        while (true)
        {
            var current = _state.GetOrAdd(studyId, 0);
            if (current == 2) return;
            if (!_state.TryUpdate(studyId, current + 1, current)) continue;
            if (current == 0) _ = RunAsync(studyId, runId);
            return;
        }
    }

    private async Task RunAsync(Guid studyId, Guid runId)
    {
        while (true)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await grains.GetGrain<IStudyGrain>(studyId).RunFinished(runId);
            }
            catch (Exception e)
            {
                // The resumer pokes every active study periodically; a lost nudge only delays the next proposals.
                log.LogWarning(e, "Telling study {StudyId} about run {RunId} failed", studyId, runId);
            }
            // Go idle unless someone nudged while we were calling (only this loop lowers 2 or removes the entry).
            var again = false;
            while (!again && !_state.TryRemove(new KeyValuePair<Guid, int>(studyId, 1)))
                again = _state.TryGetValue(studyId, out var state) && state == 2;
            if (!again) return;
            // One more round: wait out the interval first with the nudge still pending, so later nudges fold into it.
            var wait = MinInterval - Stopwatch.GetElapsedTime(started);
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
            _state.TryUpdate(studyId, 1, 2);
        }
    }
}

using System.Collections.Concurrent;
using MixOpt.Grains;

namespace MixOpt.Web.Api;

/// <summary>
/// Tells a study's grain that one of its runs finished, without making the reporting request wait for the study
/// to propose, and coalescing: while a call is in flight for a study, further nudges collapse into one follow-up
/// call. Hundreds of results per second then cost the study a few proposal rounds, not hundreds.
/// </summary>
public sealed class StudyNudger(IGrainFactory grains, ILogger<StudyNudger> log)
{
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
            try
            {
                await grains.GetGrain<IStudyGrain>(studyId).RunFinished(runId);
            }
            catch (Exception e)
            {
                // The resumer pokes every active study periodically; a lost nudge only delays the next proposals.
                log.LogWarning(e, "Telling study {StudyId} about run {RunId} failed", studyId, runId);
            }
            // One more round if anyone nudged while we were calling; otherwise go idle.
            if (_state.TryUpdate(studyId, 1, 2)) continue;
            if (_state.TryRemove(new KeyValuePair<Guid, int>(studyId, 1))) return;
        }
    }
}

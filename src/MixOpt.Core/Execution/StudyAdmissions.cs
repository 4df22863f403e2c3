using MixOpt.Core.Studies;

namespace MixOpt.Core.Execution;

/// <summary>The refusals of every executor of this host that checks admission (<see cref="IStudyAdmission"/>), merged by field.</summary>
public static class StudyAdmissions
{
    public static async Task<IReadOnlyDictionary<string, string[]>> RefusalsAsync(StudySpec spec, IEnumerable<IRunExecutor> executors, CancellationToken ct)
    {
        var all = new Dictionary<string, string[]>();
        foreach (var admission in executors.Where(e => e.Name == spec.Executor).OfType<IStudyAdmission>())
            foreach (var (key, messages) in await admission.RefusalsAsync(spec, ct))
                all[key] = all.TryGetValue(key, out var earlier) ? [.. earlier, .. messages] : messages;
        return all;
    }
}

using MixOpt.Core.Studies;
using MixOpt.Testing;
using MixOpt.Web.Api;

namespace MixOpt.IntegrationTests.Support;

public static class StudyPolling
{
    /// <summary>Polls GET /api/studies/{id} until <paramref name="condition"/> holds.</summary>
    public static Task<StudyDetailsView> WaitAsync(this MixOptTestHost host, Guid id, Func<StudyDetailsView, bool> condition, string what, int seconds = 90) =>
        Eventually.Until(() => host.GetJsonAsync<StudyDetailsView>($"/api/studies/{id}"), condition, TimeSpan.FromSeconds(seconds), what);

    public static Task<StudyDetailsView> WaitUntilFinishedAsync(this MixOptTestHost host, Guid id, int seconds = 90) =>
        host.WaitAsync(id, s => s.Status.IsFinished(), $"study {id} to finish", seconds);
}

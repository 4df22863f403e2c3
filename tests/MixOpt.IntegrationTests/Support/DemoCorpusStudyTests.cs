using MixOpt.Testing;
using MixOpt.Training.Corpus;
using MixOpt.Training.Shards;

namespace MixOpt.IntegrationTests.Support;

/// <summary>
/// Base of the tests that train builtin runs in the embedded service: a small demo corpus in a throwaway folder
/// (three domains of 48 KiB, so a tiny-shape run takes seconds on CPU) and a host whose trainer reads it.
/// </summary>
public abstract class DemoCorpusStudyTests : IAsyncLifetime
{
    protected string Corpus { get; } = Path.Combine(Path.GetTempPath(), "mixopt-corpus-" + Guid.NewGuid().ToString("N")[..8]);

    protected IReadOnlyList<string> Domains { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var manifests = await DemoCorpus.PrepareAsync(new LocalShardStore(Corpus), bytesPerDomain: 48 * 1024);
        Domains = manifests.Select(m => m.Domain).Take(3).ToArray();
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Corpus, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>A host training on the corpus with one thread and <paramref name="steps"/> steps per run.</summary>
    protected Task<MixOptTestHost> StartAsync(TestDatabase db, int steps = 25) =>
        MixOptTestHost.StartAsync(db, null, $"--Training:ShardsPath={Corpus}", "--Training:Threads=1", $"--Training:Steps={steps}");
}

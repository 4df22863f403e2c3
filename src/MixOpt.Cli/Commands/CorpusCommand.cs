using System.CommandLine;
using MixOpt.Cli.Configuration;
using MixOpt.Artifacts;
using MixOpt.Core.Corpora;
using MixOpt.Training.Corpus;
using MixOpt.Training.Corpus.Quality;
using MixOpt.Training.Shards;
using MixOpt.Training.Tokenization;
using Spectre.Console;

namespace MixOpt.Cli.Commands;

/// <summary>
/// <c>mixopt corpus prepare --domain NAME=PATH... --out DEST [--tokenizer byte|cl100k] [--demo]</c>: tokenizes folders
/// of text into token shards per domain (see ShardManifest for the format), with a progress bar per domain.
/// DEST is a local folder, <c>blob:NAME</c> for corpus NAME in the artifact container, or <c>blob://CONTAINER/PREFIX</c>
/// for any container of that Blob Storage (env ConnectionStrings__Blobs), e.g. the one a re-mix campaign reads.
/// </summary>
public static class CorpusCommand
{
    public static Command Create(CliConfiguration settings)
    {
        var domains = new Option<string[]>("--domain")
        {
            Description = "A domain and its text: NAME=PATH (a file or folder; repeat the option for more domains, or NAME=PATH1,PATH2).",
            AllowMultipleArgumentsPerToken = true,
        };
        var output = new Option<string>("--out") { Description = "Destination: a folder, blob:NAME (corpus NAME in the artifact container) or blob://CONTAINER/PREFIX (any container; PREFIX optional).", Required = true };
        var tokenizer = new Option<string>("--tokenizer") { Description = "byte (default, vocabulary 256) or cl100k (BPE).", DefaultValueFactory = _ => ByteTokenizer.TokenizerName };
        tokenizer.AcceptOnlyFromAmong([.. TokenizerCatalog.Names]);
        var demo = new Option<bool>("--demo") { Description = "Add the demo domains built from text already on this machine (licenses, C headers, Python, man pages, .NET docs)." };
        var maxBytes = new Option<long?>("--max-bytes") { Description = $"Cap each domain at this many bytes of text (demo domains default to {DemoCorpus.DefaultBytesPerDomain})." };
        var validation = new Option<double>("--validation-fraction") { Description = "Share of each document held out for validation.", DefaultValueFactory = _ => 0.1 };
        var quality = new Option<string?>("--quality") { Description = $"Score each document ({string.Join(", ", QualityOptions.Scorers)}; see docs/HIERARCHY.md) and write --buckets quantile buckets per domain as NAME/q1 (lowest) .. NAME/qK." };
        var buckets = new Option<int?>("--buckets") { Description = $"Quality buckets per domain, 2..{QualityOptions.MaxBuckets} (with --quality)." };
        var reference = new Option<string?>("--quality-reference") { Description = "The domain whose text the ngram scorer learns (text like it scores high)." };

        var prepare = new Command("prepare", "Tokenize folders of text into token shards, one set per domain.") { domains, output, tokenizer, demo, maxBytes, validation, quality, buckets, reference };
        prepare.SetAction(async (parse, ct) =>
        {
            var sources = (parse.GetValue(domains) ?? []).Select(d => ParseDomain(d, parse.GetValue(maxBytes))).ToList();
            if (parse.GetValue(demo)) sources.AddRange(DemoCorpus.Available(parse.GetValue(maxBytes) ?? DemoCorpus.DefaultBytesPerDomain));
            if (sources.Count == 0) throw new CliException("nothing to prepare: pass --domain NAME=PATH (repeatable) or --demo.");
            var duplicate = sources.GroupBy(s => s.Domain).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null) throw new CliException($"domain '{duplicate.Key}' is given twice.");
            var qualityOptions = QualityOf(parse.GetValue(quality), parse.GetValue(buckets), parse.GetValue(reference), sources);
            var store = await OpenStoreAsync(settings, parse.GetValue(output)!, ct);
            var preparer = new CorpusPreparer(TokenizerCatalog.Create(parse.GetValue(tokenizer)!), store, parse.GetValue(validation));

            var manifests = new List<ShardManifest>();
            if (qualityOptions is not null)
            {
                var bucketed = new BucketedCorpusPreparer(TokenizerCatalog.Create(parse.GetValue(tokenizer)!), store, qualityOptions, parse.GetValue(validation));
                try
                {
                    manifests.AddRange(await bucketed.PrepareAsync(sources, null, ct));
                }
                catch (ArgumentException e)
                {
                    throw new CliException(e.Message);
                }
            }
            else
            {
                await AnsiConsole.Progress().AutoClear(false)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                    .StartAsync(async ctx =>
                    {
                        var bars = sources.ToDictionary(s => s.Domain, s => ctx.AddTask(s.Domain, autoStart: false));
                        foreach (var source in sources)
                        {
                            var bar = bars[source.Domain];
                            bar.StartTask();
                            manifests.Add(await preparer.PrepareAsync(source, new Reporter(p =>
                            {
                                bar.MaxValue = Math.Max(1, p.BytesTotal);
                                bar.Value = p.BytesRead;
                            }), ct));
                            bar.StopTask();
                        }
                    });
            }

            var table = new Table().AddColumns("domain", "tokenizer", "documents", "train tokens", "validation tokens");
            if (qualityOptions is not null) table.AddColumn($"{qualityOptions.Scorer} score");
            foreach (var m in manifests)
                table.AddRow([m.Domain, m.Tokenizer, m.Documents.ToString(), m.Train.Tokens.ToString("N0"), m.Validation.Tokens.ToString("N0"),
                    .. m.Quality is { } q ? [$"{q.ScoreMin:0.####} .. {q.ScoreMax:0.####}"] : Array.Empty<string>()]);
            AnsiConsole.Write(table);
            Console.WriteLine($"Shards written to {store.Location}");
            if (qualityOptions is not null)
                Console.WriteLine("Each domain's buckets form one group of a hierarchical study: groups: [{name: NAME, domains: [NAME/q1, ..]}] (docs/HIERARCHY.md).");
            return 0;
        });
        return new Command("corpus", "Token shards for the built-in trainer.") { prepare };
    }

    /// <summary>The quality options, or null without --quality; a readable error (before anything is written) when they are wrong.</summary>
    private static QualityOptions? QualityOf(string? scorer, int? buckets, string? reference, IReadOnlyList<CorpusSource> sources)
    {
        if (scorer is null)
        {
            if (buckets is not null || reference is not null) throw new CliException("--buckets and --quality-reference need --quality SCORER.");
            return null;
        }
        if (buckets is null) throw new CliException("--quality needs --buckets K (quantile buckets per domain).");
        var options = new QualityOptions(scorer, buckets.Value, reference);
        if (options.Problem(sources.Select(s => s.Domain).ToArray()) is { } problem) throw new CliException(problem);
        return options;
    }

    private static CorpusSource ParseDomain(string text, long? maxBytes)
    {
        var eq = text.IndexOf('=');
        if (eq <= 0 || eq == text.Length - 1) throw new CliException($"--domain '{text}' is not NAME=PATH.");
        var name = DomainName.Validate(text[..eq]);
        var paths = text[(eq + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var p in paths)
            if (!File.Exists(p) && !Directory.Exists(p)) throw new CliException($"domain '{name}': {p} does not exist.");
        return new CorpusSource(name, paths, null, maxBytes);
    }

    private static async Task<IShardStore> OpenStoreAsync(CliConfiguration settings, string destination, CancellationToken ct)
    {
        if (!ShardLocation.TryParse(destination, out var location, out var problem)) throw new CliException("--out: " + problem);
        if (location.Kind == ShardLocationKind.Folder) return new LocalShardStore(destination);
        if (location.Kind == ShardLocationKind.Corpus)
        {
            var blobs = BlobArtifactStore.FromConnectionString(settings.Blobs(null, null));
            await blobs.InitializeAsync(ct);
            return new BlobShardStore(blobs, location.Name);
        }
        // blob://CONTAINER/PREFIX: the container a re-mix campaign reads (created here if missing).
        var container = BlobArtifactStore.FromConnectionString(settings.Blobs(null, null), location.Name);
        await container.InitializeAsync(ct);
        return BlobShardStore.AtPrefix(container, location.Prefix, location.ToString());
    }

    /// <summary>Reports synchronously (Progress&lt;T&gt; would post to the thread pool and update the bar late).</summary>
    private sealed class Reporter(Action<CorpusProgress> report) : IProgress<CorpusProgress>
    {
        public void Report(CorpusProgress value) => report(value);
    }
}

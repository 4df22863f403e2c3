namespace MixOpt.Training.Corpus;

/// <summary>
/// One domain to prepare: files or folders of text (folders are walked recursively, in ordinal path order so a
/// corpus is the same on every machine), optionally only files with given extensions, optionally capped in bytes.
/// </summary>
public sealed record CorpusSource(string Domain, IReadOnlyList<string> Paths, IReadOnlyList<string>? Extensions = null, long? MaxBytes = null);

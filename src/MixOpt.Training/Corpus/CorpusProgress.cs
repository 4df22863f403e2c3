namespace MixOpt.Training.Corpus;

/// <summary>How far a domain's preparation is: bytes of text read of the bytes it will read.</summary>
public sealed record CorpusProgress(string Domain, long BytesRead, long BytesTotal, long Tokens);

namespace MixOpt.Training.Shards;

/// <summary>A domain's shards are missing, unreadable or fail their checks; the message names the domain and the problem.</summary>
public sealed class ShardException(string message) : IOException(message);

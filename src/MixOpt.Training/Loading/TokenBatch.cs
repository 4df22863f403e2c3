namespace MixOpt.Training.Loading;

/// <summary>
/// One batch of next-token examples, row-major [rows, length]: <see cref="Targets"/> is <see cref="Inputs"/>
/// shifted by one token. <see cref="Domains"/> says which domain each row came from.
/// </summary>
public sealed record TokenBatch(long[] Inputs, long[] Targets, int[] Domains, int Rows, int Length);

using System.Diagnostics;

namespace MixOpt.Grains.Execution;

/// <summary>
/// How a slot stops the attempt it executes: the host stopping, or a cancel request for the run (which the
/// executor's observation of is then written to the attempt, with how long it took).
/// </summary>
public sealed class RunControl(CancellationToken hostStopping) : IDisposable
{
    private readonly CancellationTokenSource _source = CancellationTokenSource.CreateLinkedTokenSource(hostStopping);
    private long _cancelRequestedAt;

    public CancellationToken Token => _source.Token;

    public bool CancelRequested => Interlocked.Read(ref _cancelRequestedAt) != 0;

    /// <summary>Time since <see cref="Cancel"/> was called (zero if it was not).</summary>
    public TimeSpan SinceCancel => CancelRequested ? Stopwatch.GetElapsedTime(Interlocked.Read(ref _cancelRequestedAt)) : TimeSpan.Zero;

    public void Cancel()
    {
        Interlocked.CompareExchange(ref _cancelRequestedAt, Stopwatch.GetTimestamp(), 0);
        _source.Cancel();
    }

    public void Dispose() => _source.Dispose();
}

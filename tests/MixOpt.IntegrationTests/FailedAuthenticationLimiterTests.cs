using MixOpt.Web.Auth;

namespace MixOpt.IntegrationTests;

/// <summary>The per-address bucket of failed authentications, on a clock the test moves (no waiting).</summary>
public sealed class FailedAuthenticationLimiterTests
{
    private sealed class ManualClock : TimeProvider
    {
        public long Ticks { get; set; }
        public override long GetTimestamp() => Ticks;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
    }

    [Fact]
    public void An_address_is_refused_after_its_burst_of_failures_and_refills_over_time()
    {
        var clock = new ManualClock();
        var limiter = new FailedAuthenticationLimiter(new RateLimitOptions { FailedAuthBurst = 3, FailedAuthPerSecond = 1 }, clock);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(limiter.HasAllowance("10.0.0.1"));
            limiter.RecordFailure("10.0.0.1");
        }
        Assert.False(limiter.HasAllowance("10.0.0.1"));
        Assert.True(limiter.HasAllowance("10.0.0.2"));   // per address
        clock.Ticks += TimeSpan.TicksPerSecond;         // one failure's worth comes back per second
        Assert.True(limiter.HasAllowance("10.0.0.1"));
        limiter.RecordFailure("10.0.0.1");
        Assert.False(limiter.HasAllowance("10.0.0.1"));
    }
}

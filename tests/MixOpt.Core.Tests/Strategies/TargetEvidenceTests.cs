using MixOpt.Core.Strategies.Bayesian;

namespace MixOpt.Core.Tests.Strategies;

/// <summary>How much mfbo may spend on cheap rungs between target runs.</summary>
public sealed class TargetEvidenceTests
{
    [Fact]
    public void Before_trust_is_measured_at_least_half_a_target_run_of_screening()
    {
        Assert.Equal(TargetEvidence.FirstAllowance, TargetEvidence.Allowance(0, trustLower: 0.1));
        Assert.Equal(TargetEvidence.FirstAllowance, TargetEvidence.Allowance(2, trustLower: 0.3));
    }

    [Fact]
    public void Once_measured_strong_trust_buys_more_screening_and_weak_trust_the_least()
    {
        Assert.Equal(TargetEvidence.WeakTrustAllowance, TargetEvidence.Allowance(3, trustLower: 0.2));
        Assert.Equal(0.9 * 0.9 / (1 - 0.9 * 0.9), TargetEvidence.Allowance(3, trustLower: 0.9), 12);
        Assert.True(TargetEvidence.Allowance(5, 0.95) > TargetEvidence.Allowance(5, 0.8));
    }
}

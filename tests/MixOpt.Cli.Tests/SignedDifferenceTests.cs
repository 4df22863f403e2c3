using MixOpt.Cli.Bench;

namespace MixOpt.Cli.Tests;

/// <summary>The bench's signed differences: one sign, never "-+0.0000" for a value that rounds to zero from below.</summary>
public sealed class SignedDifferenceTests
{
    [Theory]
    [InlineData(-0.00001, "+0.0000")]
    [InlineData(-0.0, "+0.0000")]
    [InlineData(0.00004, "+0.0000")]
    [InlineData(-0.0723, "-0.0723")]
    [InlineData(0.0008, "+0.0008")]
    [InlineData(-0.00006, "-0.0001")]
    public void Formats_with_exactly_one_sign(double difference, string expected) =>
        Assert.Equal(expected, SignedDifference.Format(difference));
}

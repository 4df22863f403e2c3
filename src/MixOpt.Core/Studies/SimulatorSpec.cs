namespace MixOpt.Core.Studies;

/// <summary>
/// Parameters of the mixing-law oracle behind the simulated executor (see <see cref="Simulation.MixingLawOracle"/>).
/// Any parameter left out is drawn from the study's seed, so a study fully determines its oracle.
/// </summary>
public sealed record SimulatorSpec
{
    /// <summary>Per-domain loss floor c_i.</summary>
    public IReadOnlyList<double>? C { get; init; }
    /// <summary>Per-domain scale k_i.</summary>
    public IReadOnlyList<double>? K { get; init; }
    /// <summary>T[i][j]: how training on domain j moves the loss on domain i (negative helps).</summary>
    public IReadOnlyList<IReadOnlyList<double>>? T { get; init; }
    /// <summary>Extra loss of a run at fidelity f: FidelityGap · (f^-FidelityExponent − 1); zero at f = 1.</summary>
    public double FidelityGap { get; init; } = 0.5;
    public double FidelityExponent { get; init; } = 0.5;
    /// <summary>Standard deviation of the Gaussian noise on each loss at the target fidelity.</summary>
    public double NoiseStd { get; init; } = 0.005;
    /// <summary>Wall-clock seconds a simulated run takes (0 = instant); lets tests and demos watch runs in flight.</summary>
    public double RunSeconds { get; init; }
}

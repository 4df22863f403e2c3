namespace MixOpt.Ledger.Runs;

/// <summary>A new attempt's lease with what executing the run needs from its row, read by the statement that leased it.</summary>
public sealed record LeasedRun(RunLease Lease, int Ordinal, double[] Mixture, double Fidelity);

namespace MixOpt.Grains;

/// <summary>A queued run as the scheduler and workers pass it around; everything else about it is in the ledger.</summary>
[GenerateSerializer, Immutable]
public sealed record RunTicket(Guid StudyId, Guid RunId, int Ordinal);

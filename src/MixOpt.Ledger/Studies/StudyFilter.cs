using MixOpt.Core.Studies;

namespace MixOpt.Ledger.Studies;

/// <summary>Which studies a list shows: any combination of status, strategy and a case-insensitive name fragment.</summary>
public sealed record StudyFilter(StudyStatus? Status = null, string? Strategy = null, string? NameContains = null);

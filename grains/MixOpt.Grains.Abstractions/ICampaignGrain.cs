namespace MixOpt.Grains;

/// <summary>
/// Owns one campaign (keyed by its id): woken by a durable reminder (and a timer for instants closer than the
/// reminder's period), it reads the campaign and its firings from the ledger, finishes what a previous activation
/// started, and fires every instant that is due, once per instant.
/// </summary>
public interface ICampaignGrain : IGrainWithGuidKey
{
    /// <summary>Brings the campaign up to date with the ledger and the clock; idempotent.</summary>
    Task Wake();

    /// <summary>Fires the campaign now (a manual firing, whatever the overlap policy); the firing's id, or null when the campaign is gone.</summary>
    Task<Guid?> Trigger();

    /// <summary>The campaign was deleted: stop the reminder and the timer, and deactivate.</summary>
    Task Forget();
}

namespace MixOpt.Core.InRun;

/// <summary>Which mixture of an Aioli trajectory the study recommends.</summary>
public enum AioliRecommendation
{
    /// <summary>The proportions of the last round.</summary>
    Final,

    /// <summary>The mean of the proportions used in every round (what the run trained on, on average).</summary>
    Average,
}

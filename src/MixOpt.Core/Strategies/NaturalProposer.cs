using MixOpt.Core.Mixtures;
using MixOpt.Core.Studies;

namespace MixOpt.Core.Strategies;

/// <summary>
/// The natural baseline: the token-proportional mixture (uniform when token counts are unknown), then
/// concentrated Dirichlet draws around it: what "just train on the corpus as it is" explores.
/// </summary>
public sealed class NaturalProposer : CentredBaselineProposer
{
    public const string StrategyName = "natural";

    public override string Name => StrategyName;

    protected override Mixture Centre(ProposalContext context) => StudySpace.NaturalMixture(context.Study);

    protected override IMixtureSampler Sampler(ProposalContext context, int seed) =>
        new RegMixSampler(context.Domains, seed, StudySpace.NaturalWeights(context.Study), context.Constraints(),
            temperature: 1.0, minStrength: 20, maxStrength: 100, zeroBelow: 0);
}

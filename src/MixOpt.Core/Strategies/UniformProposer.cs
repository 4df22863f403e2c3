using MixOpt.Core.Mixtures;

namespace MixOpt.Core.Strategies;

/// <summary>
/// The uniform baseline: equal proportions (moved into the constraints), then a stratified, space-filling spread
/// over the feasible simplex that stays away from what already ran.
/// </summary>
public sealed class UniformProposer : CentredBaselineProposer
{
    public const string StrategyName = "uniform";

    public override string Name => StrategyName;

    protected override Mixture Centre(ProposalContext context)
    {
        var weights = Enumerable.Repeat(1.0 / context.Domains, context.Domains).ToArray();
        context.Constraints().Project(weights);
        return Mixture.Normalize(weights);
    }

    protected override IMixtureSampler Sampler(ProposalContext context, int seed) =>
        new SpaceFillingSampler(context.Domains, seed, context.Constraints(),
            context.Observations.Select(o => o.Mixture).Concat(context.Pending.Select(p => p.Mixture)).ToArray());
}

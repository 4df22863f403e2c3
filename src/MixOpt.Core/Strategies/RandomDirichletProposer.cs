using MixOpt.Core.Mixtures;
using MixOpt.Core.Randomness;

namespace MixOpt.Core.Strategies;

/// <summary>
/// Random search: mixtures drawn from a flat Dirichlet over the study's domains, at the target fidelity.
/// The draw depends only on the study seed and the round, so a resumed study proposes what it would have.
/// </summary>
public sealed class RandomDirichletProposer : IProposer
{
    public const string StrategyName = "random";

    public string Name => StrategyName;

    public IReadOnlyList<Proposal> Propose(ProposalContext context, int count)
    {
        var sampler = DirichletSampler.Uniform(context.Domains, concentration: 1.0, SeedMixer.Mix(context.Study.Seed, context.Round, 0x7A4D));
        var batch = new List<Proposal>(count);
        var attempts = 0;
        while (batch.Count < count && attempts++ < count * 100)
        {
            var m = sampler.Next();
            if (context.IsKnown(m) || batch.Any(p => p.Mixture.Equals(m))) continue;
            batch.Add(new Proposal(m));
        }
        return batch;
    }
}

using MixOpt.Core.Studies;
using MixOpt.Training.Modeling;

namespace MixOpt.Training.Tests;

public sealed class ModelLadderNamesTests
{
    /// <summary>The validator refuses models by Core's list; it must be exactly the trainer's ladder.</summary>
    [Fact]
    public void The_submit_time_model_list_is_the_trainers_ladder() =>
        Assert.Equal(ModelLadder.All.Select(s => s.Name), BuiltinModels.Names);
}

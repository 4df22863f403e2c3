using TorchSharp;
using static TorchSharp.torch;

namespace MixOpt.Training.Tests;

/// <summary>The build's libstdc++ fix works: libtorch loads here and computes.</summary>
public class NativeLoadTests
{
    [Fact]
    public void Libtorch_loads_and_multiplies_matrices()
    {
        using var a = tensor(new float[] { 1, 2, 3, 4 }, [2, 2]);
        using var b = tensor(new float[] { 5, 6, 7, 8 }, [2, 2]);
        using var c = matmul(a, b);
        Assert.Equal(new float[] { 19, 22, 43, 50 }, c.data<float>().ToArray());
    }
}

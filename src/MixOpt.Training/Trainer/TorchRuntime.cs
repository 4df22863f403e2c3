using TorchSharp;

namespace MixOpt.Training.Trainer;

/// <summary>Process-wide libtorch settings: the thread cap and the device. libtorch's settings are global, so changes are serialized.</summary>
public static class TorchRuntime
{
    /// <summary>Held while a model is built from the global random generator, so concurrent runs get their own seeds' weights.</summary>
    internal static readonly Lock Initialization = new();

    private static readonly Lock Settings = new();

    public static void CapThreads(int threads)
    {
        lock (Settings)
        {
            if (torch.get_num_threads() != threads) torch.set_num_threads(threads);
        }
    }

    public static torch.Device SelectDevice(string device)
    {
        var cuda = torch.cuda.is_available();
        return device switch
        {
            "cpu" => torch.CPU,
            "cuda" when cuda => torch.CUDA,
            "cuda" => throw new TrainingFailedException("Device 'cuda' was asked for, but CUDA is not available (this build uses the CPU libtorch unless built with -p:TorchDevice=cuda)."),
            _ => cuda ? torch.CUDA : torch.CPU,
        };
    }
}

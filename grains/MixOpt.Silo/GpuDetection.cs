using TorchSharp;

namespace MixOpt.Silo;

/// <summary>Counts CUDA devices through TorchSharp; zero when libtorch cannot load or has no CUDA (the CPU build).</summary>
public static class GpuDetection
{
    public static int CudaDevices()
    {
        try
        {
            return torch.cuda.is_available() ? torch.cuda.device_count() : 0;
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or NotSupportedException or InvalidOperationException)
        {
            return 0;
        }
    }
}

namespace MixOpt.Core.Randomness;

/// <summary>
/// Derives independent, stable child seeds (SplitMix64 finalizer). Unlike <see cref="HashCode"/>,
/// the result is the same in every process, so a run's randomness survives restarts.
/// </summary>
public static class SeedMixer
{
    public static int Mix(params ReadOnlySpan<long> parts)
    {
        ulong h = 0x9E3779B97F4A7C15UL;
        foreach (var p in parts)
        {
            h ^= unchecked((ulong)p);
            h = Finalize(h + 0x9E3779B97F4A7C15UL);
        }
        return unchecked((int)(h ^ (h >> 32)));
    }

    private static ulong Finalize(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

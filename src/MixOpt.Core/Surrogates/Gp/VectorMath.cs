using System.Numerics;
using System.Runtime.InteropServices;

namespace MixOpt.Core.Surrogates.Gp;

/// <summary>SIMD dot product: the inner loop of every triangular solve, which dominates acquisition search.</summary>
public static class VectorMath
{
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var n = Math.Min(a.Length, b.Length);
        var sum = Vector<double>.Zero;
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var va = MemoryMarshal.Cast<double, Vector<double>>(a[..n]);
            var vb = MemoryMarshal.Cast<double, Vector<double>>(b[..n]);
            for (var k = 0; k < va.Length; k++) sum += va[k] * vb[k];
            i = va.Length * Vector<double>.Count;
        }
        var total = Vector.Dot(sum, Vector<double>.One);
        for (; i < n; i++) total += a[i] * b[i];
        return total;
    }
}

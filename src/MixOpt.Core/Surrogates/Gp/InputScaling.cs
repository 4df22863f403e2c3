namespace MixOpt.Core.Surrogates.Gp;

/// <summary>
/// Puts each kernel input on the scale of its own spread in the data: u_j = (x_j − mean_j) / (sd_j·√w) over the w
/// scaled columns. The kernel's lengthscale bounds, starting point and restarts are in these units, so they follow the
/// data: with 64 domains near 1/64 each, the log-warped inputs vary by ≈ 0.1, far below a fixed lengthscale of 0.5,
/// and a fit started there stops at a near-constant model; in units of each input's spread it starts where the
/// data are. √w is the dimension scaling of typical distances (√(2w) between random points), so a lengthscale of 1
/// means "about the spacing of the data" whatever the number of domains.
/// </summary>
public sealed record InputScaling(double[] Centre, double[] Scale)
{
    /// <summary>The scaling of the first <paramref name="columns"/> columns of the <paramref name="rows"/> rows of <paramref name="x"/> (row-major, width <paramref name="width"/>).</summary>
    public static InputScaling From(ReadOnlySpan<double> x, int rows, int width, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        var centre = new double[columns];
        var scale = new double[columns];
        var dimension = Math.Sqrt(columns);
        for (var j = 0; j < columns; j++)
        {
            double sum = 0, squares = 0;
            for (var i = 0; i < rows; i++) sum += x[i * width + j];
            var mean = sum / rows;
            for (var i = 0; i < rows; i++) { var d = x[i * width + j] - mean; squares += d * d; }
            var sd = Math.Sqrt(squares / rows);
            centre[j] = mean;
            // A column that does not vary carries no information; any finite scale will do.
            scale[j] = (sd > 1e-9 ? sd : 1.0) * dimension;
        }
        return new InputScaling(centre, scale);
    }

    /// <summary>Scales the first columns of every row of <paramref name="x"/> in place.</summary>
    public void Apply(Span<double> x, int width)
    {
        for (var r = 0; r < x.Length / width; r++) ApplyRow(x.Slice(r * width, width));
    }

    public void ApplyRow(Span<double> row)
    {
        for (var j = 0; j < Centre.Length; j++) row[j] = (row[j] - Centre[j]) / Scale[j];
    }
}

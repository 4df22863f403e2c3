using MixOpt.Core.Surrogates;
using MixOpt.Core.Surrogates.Gp;

namespace MixOpt.Core.Tests.Surrogates;

public class HyperparameterReuseTests
{
    [Fact]
    public void Refit_points_are_every_count_up_to_32_then_grow_with_the_data()
    {
        var schedule = new RefitSchedule();
        for (var n = 0; n <= 32; n++) Assert.Equal(n, schedule.Anchor(n));
        var anchors = Enumerable.Range(0, 513).Select(schedule.Anchor).ToArray();
        Assert.All(Enumerable.Range(0, 513), n => Assert.InRange(anchors[n], Math.Max(0, n - n / 8 - 1), n));
        Assert.True(anchors.Zip(anchors.Skip(1)).All(p => p.First <= p.Second), "anchors never go back");
        // 33 refits up to 32 rows, then about 8·ln(512/32) more, instead of one per row.
        Assert.InRange(anchors.Distinct().Count(), 40, 60);
    }

    [Fact]
    public void Reused_fits_give_exactly_what_a_fresh_fit_of_the_same_rows_gives()
    {
        var data = TestFunctions.Data(TestFunctions.Oracle(3, 2), 40, seed: 4, noise: 0.01);
        var kernel = new Matern52ArdKernel(3);
        var x = data.Mixtures.SelectMany(r => r).ToArray();
        var reuse = new HyperparameterReuse();
        var warm = new GaussianProcessFitter { Restarts = 0, MaxIterations = 30, Reuse = reuse };

        // 33, 34 and 35 rows share refit point 32: one hyperparameter fit serves all three.
        GaussianProcess? last = null;
        foreach (var n in new[] { 33, 34, 35 }) last = warm.Fit(kernel, x[..(n * 3)], data.Targets.Take(n).ToArray(), seed: 9);
        Assert.Equal(1, reuse.Fits);
        // Row 36 is the next refit point.
        warm.Fit(kernel, x[..(36 * 3)], data.Targets.Take(36).ToArray(), seed: 9);
        Assert.Equal(2, reuse.Fits);

        var fresh = new GaussianProcessFitter { Restarts = 0, MaxIterations = 30, Reuse = new HyperparameterReuse() }
            .Fit(kernel, x[..(35 * 3)], data.Targets.Take(35).ToArray(), seed: 9);
        Assert.Equal(fresh.Parameters, last!.Parameters);
        Assert.Equal(fresh.Noise, last.Noise);
        var probe = new[] { 0.2, 0.5, 0.3 };
        Assert.Equal(fresh.Predict(probe), last.Predict(probe));
        // Between refit points the posterior still conditions on every row.
        Assert.Equal(35, last.Count);
    }

    [Fact]
    public void A_changed_data_prefix_is_refitted_not_served_from_the_cache()
    {
        var data = TestFunctions.Data(TestFunctions.Oracle(3, 5), 20, seed: 1, noise: 0.01);
        var kernel = new Matern52ArdKernel(3);
        var x = data.Mixtures.SelectMany(r => r).ToArray();
        var reuse = new HyperparameterReuse();
        var fitter = new GaussianProcessFitter { Restarts = 0, MaxIterations = 20, Reuse = reuse };
        fitter.Fit(kernel, x, data.Targets, seed: 3);
        var shifted = data.Targets.Select(v => v + 1).ToArray();
        fitter.Fit(kernel, x, shifted, seed: 3);
        Assert.Equal(2, reuse.Fits);
    }
}

using LatentDash.Models.Analysis;
using LatentDash.Models.Latent;

namespace LatentDash.Models.Tests.Analysis;

public class LatentTraversalTests
{
    private const int Dimensions = 4;

    /// <summary>Correlated means (so PCA's axes are not the raw ones) and varied log variances.</summary>
    private static LatentSpace Space(int count = 60)
    {
        var random = new Random(11);
        var mu = new float[count * Dimensions];
        var logVar = new float[count * Dimensions];
        for (var i = 0; i < count; i++)
        {
            var shared = (random.NextDouble() * 4) - 2;
            for (var j = 0; j < Dimensions; j++)
            {
                mu[(i * Dimensions) + j] = (float)((shared * (j + 1) * 0.5) + (random.NextDouble() - 0.5));
                logVar[(i * Dimensions) + j] = (float)(-3 + (j * 1.2) + (random.NextDouble() * 0.2));
            }
        }

        return new LatentSpace(mu, logVar, [.. Enumerable.Range(0, count).Select(i => (byte)(i % 3))], Dimensions, ["a", "b", "c"]);
    }

    [Fact]
    public void Steps_are_equally_spaced_and_end_exactly_on_the_bounds()
    {
        var steps = LatentTraversal.Steps(-0.3, 1.7, 5);

        Assert.Equal([-0.3, 0.2, 0.7, 1.2, 1.7], steps.Select(v => Math.Round(v, 12)));
        Assert.Equal(-0.3, steps[0]);
        Assert.Equal(1.7, steps[^1]);
    }

    [Fact]
    public void Each_raw_row_varies_only_its_own_dimension_across_its_range()
    {
        var space = Space();
        var axes = RawProjection.Fit(space);
        const int sample = 7;
        var mu = space.MuOf(sample);

        var grid = LatentTraversal.OfSample(axes, space, sample, TraversalRange.LogVar, k: 3, steps: 9);

        Assert.Equal((Dimensions, 9, Dimensions), (grid.Rows, grid.Steps, grid.Dimensions));
        Assert.Equal(Dimensions * 9 * Dimensions, grid.Z.Length);
        for (var row = 0; row < Dimensions; row++)
        {
            var reach = Math.Abs(space.LogVar[(sample * Dimensions) + row]);
            Assert.Equal(mu[row] - reach, grid.Low[row], 5);
            Assert.Equal(mu[row] + reach, grid.High[row], 5);
            for (var s = 0; s < 9; s++)
            {
                var cell = grid.Cell(row, s);
                for (var i = 0; i < Dimensions; i++)
                {
                    if (i != row)
                    {
                        Assert.Equal((float)mu[i], cell[i]);
                    }
                }
            }

            Assert.Equal((float)grid.Low[row], grid.Cell(row, 0)[row]);
            Assert.Equal((float)grid.High[row], grid.Cell(row, 8)[row]);
            Assert.Equal(mu[row], grid.Cell(row, 4)[row], 5);
            Assert.True(grid.Cell(row, 1)[row] > grid.Cell(row, 0)[row]);
        }
    }

    [Fact]
    public void The_middle_column_of_an_odd_grid_is_the_sample_itself()
    {
        var space = Space();
        const int sample = 3;
        var mu = space.MuOf(sample);
        foreach (ILatentProjection axes in new ILatentProjection[] { RawProjection.Fit(space), PcaProjection.Fit(space) })
        {
            foreach (var range in new[] { TraversalRange.LogVar, TraversalRange.Sigma })
            {
                var grid = LatentTraversal.OfSample(axes, space, sample, range, k: 2, steps: 7);

                for (var row = 0; row < Dimensions; row++)
                {
                    var middle = grid.Cell(row, 3);
                    for (var i = 0; i < Dimensions; i++)
                    {
                        Assert.Equal(mu[i], middle[i], 4);
                    }
                }
            }
        }
    }

    [Fact]
    public void A_sigma_range_reaches_k_posterior_standard_deviations_either_side()
    {
        var space = Space();
        const int sample = 12;
        var mu = space.MuOf(sample);

        var (low, high) = LatentTraversal.Ranges(RawProjection.Fit(space), space, sample, TraversalRange.Sigma, k: 2.5);

        for (var j = 0; j < Dimensions; j++)
        {
            var sigma = Math.Exp(space.LogVar[(sample * Dimensions) + j] / 2);
            Assert.Equal(mu[j] - (2.5 * sigma), low[j], 9);
            Assert.Equal(mu[j] + (2.5 * sigma), high[j], 9);
        }
    }

    [Fact]
    public void A_data_range_is_the_validation_sets_range_on_each_axis()
    {
        var space = Space();
        var (low, high) = LatentTraversal.Ranges(RawProjection.Fit(space), space, 0, TraversalRange.Data, k: 3);

        for (var j = 0; j < Dimensions; j++)
        {
            var column = Enumerable.Range(0, space.Count).Select(i => space.Mu[(i * Dimensions) + j]).ToArray();
            Assert.Equal(column.Min(), low[j]);
            Assert.Equal(column.Max(), high[j]);
        }

        var pca = PcaProjection.Fit(space);
        var coordinates = pca.Transform(space.Mu, space.Count, Dimensions);
        var (pcLow, pcHigh) = LatentTraversal.Ranges(pca, space, 0, TraversalRange.Data, k: 3);
        Assert.Equal(Enumerable.Range(0, space.Count).Min(i => coordinates[i * Dimensions]), pcLow[0]);
        Assert.Equal(Enumerable.Range(0, space.Count).Max(i => coordinates[(i * Dimensions) + 1]), pcHigh[1]);
    }

    [Fact]
    public void A_pca_row_moves_only_its_component_and_keeps_the_others_fixed()
    {
        var space = Space();
        var pca = PcaProjection.Fit(space);
        const int sample = 21;
        var centre = pca.Transform(space.MuOf(sample), Dimensions);

        var grid = LatentTraversal.OfSample(pca, space, sample, TraversalRange.Data, k: 3, steps: 5);

        for (var row = 0; row < Dimensions; row++)
        {
            var expected = LatentTraversal.Steps(grid.Low[row], grid.High[row], 5);
            for (var s = 0; s < 5; s++)
            {
                var coordinates = pca.Transform([.. grid.Cell(row, s).ToArray().Select(v => (double)v)], Dimensions);
                for (var c = 0; c < Dimensions; c++)
                {
                    Assert.Equal(c == row ? expected[s] : centre[c], coordinates[c], 4);
                }
            }
        }

        // PC1 is not a raw axis here: its row moves several raw dimensions at once.
        var first = grid.Cell(0, 0).ToArray();
        var last = grid.Cell(0, 4).ToArray();
        Assert.True(Enumerable.Range(0, Dimensions).Count(i => Math.Abs(first[i] - last[i]) > 1e-3) > 1);
    }

    [Fact]
    public void Posterior_variance_along_a_principal_axis_combines_the_raw_variances()
    {
        var space = Space();
        var pca = PcaProjection.Fit(space);
        float[] logVar = [0f, MathF.Log(4), MathF.Log(0.25f), MathF.Log(9)];
        var origin = pca.InverseTransform(new double[Dimensions]);

        var variances = LatentTraversal.AxisVariances(pca, logVar);

        for (var k = 0; k < Dimensions; k++)
        {
            var unit = new double[Dimensions];
            unit[k] = 1;
            var axis = pca.InverseTransform(unit).Select((v, i) => v - origin[i]).ToArray();
            Assert.Equal(Enumerable.Range(0, Dimensions).Sum(i => axis[i] * axis[i] * Math.Exp(logVar[i])), variances[k], 9);
        }

        Assert.Equal([1, 4, 0.25, 9], LatentTraversal.AxisVariances(RawProjection.Fit(space), logVar).Select(v => Math.Round(v, 5)));
        // A rotation keeps the total variance.
        Assert.Equal(14.25, variances.Sum(), 4);
    }

    [Fact]
    public void A_sample_outside_the_space_or_a_bad_k_is_refused()
    {
        var space = Space(10);
        var axes = RawProjection.Fit(space);

        Assert.Throws<ArgumentOutOfRangeException>(() => LatentTraversal.Ranges(axes, space, 10, TraversalRange.LogVar, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => LatentTraversal.Ranges(axes, space, 0, TraversalRange.Sigma, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => LatentTraversal.Steps(0, 1, 1));
    }
}

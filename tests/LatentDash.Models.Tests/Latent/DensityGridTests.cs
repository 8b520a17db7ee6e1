using LatentDash.Models.Latent;

namespace LatentDash.Models.Tests.Latent;

public sealed class DensityGridTests
{
    [Fact]
    public void Counts_sum_to_the_number_of_points_inside_the_ranges()
    {
        var random = new Random(5);
        var coordinates = new float[3000 * 3];
        for (var i = 0; i < coordinates.Length; i++)
        {
            coordinates[i] = (float)((random.NextDouble() * 4) - 2);
        }

        var labels = Enumerable.Range(0, 3000).Select(i => (byte)(i % 4)).ToArray();
        var grid = DensityGrid.Compute(coordinates, 3, 0, 2, labels, 4, 17, DensityGrid.RangeOf(coordinates, 3, 0), DensityGrid.RangeOf(coordinates, 3, 2));

        Assert.Equal(3000, grid.Total);
        Assert.Equal(0, grid.Outside);
        Assert.Equal(17 * 17, grid.Counts.Count);
    }

    [Fact]
    public void Known_points_land_in_known_bins()
    {
        // Range 0..4 in 4 bins: bin i holds [i, i+1). Points as (x, y).
        float[] coordinates = [0.5f, 0.5f, 3.5f, 0.5f, 1.2f, 2.9f, 1.7f, 2.1f];
        var grid = DensityGrid.Compute(coordinates, 2, 0, 1, [], 0, 4, (0, 4), (0, 4));

        Assert.Equal(1, grid.Counts[(0 * 4) + 0]);
        Assert.Equal(1, grid.Counts[(0 * 4) + 3]);
        Assert.Equal(2, grid.Counts[(2 * 4) + 1]);
        Assert.Equal(4, grid.Total);
        Assert.Equal((2, 1), grid.BinOf(1.2, 2.9));
        Assert.Equal(1.5, grid.XCenter(1), 12);
        Assert.Equal(2.5, grid.YCenter(2), 12);
        Assert.All(grid.Dominant, d => Assert.Equal(DensityGrid.NoClass, d));
    }

    [Fact]
    public void The_range_maximum_falls_in_the_last_bin_and_values_beyond_are_left_out()
    {
        float[] coordinates = [0f, 0f, 4f, 4f, 4.0001f, 1f, -0.1f, 1f, float.NaN, 1f];
        var grid = DensityGrid.Compute(coordinates, 2, 0, 1, [], 0, 4, (0, 4), (0, 4));

        Assert.Equal(1, grid.Counts[0]);
        Assert.Equal(1, grid.Counts[(3 * 4) + 3]);
        Assert.Equal(2, grid.Total);
        Assert.Equal(3, grid.Outside);
        Assert.Null(grid.BinOf(4.5, 1));
    }

    [Fact]
    public void Each_bin_names_its_dominant_class_and_that_class_share()
    {
        // Bin (0,0): classes 2,2,2,1 → 2 with 3/4. Bin (1,1): 0,1 → a tie, the lower class. Bin (0,1): empty.
        float[] coordinates = [0.1f, 0.1f, 0.2f, 0.2f, 0.3f, 0.3f, 0.4f, 0.4f, 1.5f, 1.5f, 1.6f, 1.6f];
        byte[] labels = [2, 2, 1, 2, 0, 1];
        var grid = DensityGrid.Compute(coordinates, 2, 0, 1, labels, 3, 2, (0, 2), (0, 2));

        Assert.Equal(2, grid.Dominant[0]);
        Assert.Equal(0.75f, grid.Share[0]);
        Assert.Equal(0, grid.Dominant[3]);
        Assert.Equal(0.5f, grid.Share[3]);
        Assert.Equal(DensityGrid.NoClass, grid.Dominant[1]);
        Assert.Equal(0f, grid.Share[1]);
    }

    [Fact]
    public void A_column_of_one_value_gets_a_range_of_width_one_around_it()
    {
        float[] coordinates = [1f, 3f, 1f, 5f, 1f, float.PositiveInfinity];

        Assert.Equal((0.5, 1.5), DensityGrid.RangeOf(coordinates, 2, 0));
        Assert.Equal((3.0, 5.0), DensityGrid.RangeOf(coordinates, 2, 1));
    }

    [Fact]
    public void An_empty_or_reversed_range_is_refused()
    {
        Assert.Throws<ArgumentException>(() => DensityGrid.Compute([0f, 0f], 2, 0, 1, [], 0, 4, (1, 1), (0, 1)));
        Assert.Throws<ArgumentException>(() => DensityGrid.Compute([0f, 0f], 2, 0, 1, [], 0, 4, (0, 1), (2, 1)));
        Assert.Throws<ArgumentException>(() => DensityGrid.Compute([0f, 0f], 2, 0, 1, [1], 0, 4, (0, 1), (0, 1)).Total + DensityGrid.Compute([0f, 0f], 2, 0, 1, [1, 2], 3, 4, (0, 1), (0, 1)).Total);
    }

    [Fact]
    public void A_matrix_holds_one_grid_per_pair_of_the_lower_half()
    {
        var random = new Random(2);
        var coordinates = Enumerable.Range(0, 500 * 4).Select(_ => (float)random.NextDouble()).ToArray();
        var labels = Enumerable.Range(0, 500).Select(i => (byte)(i % 3)).ToArray();
        var matrix = DensityMatrix.Compute(coordinates, 4, labels, 3, 10);

        Assert.Equal([(0, 1), (0, 2), (1, 2), (0, 3), (1, 3), (2, 3)], matrix.Pairs);
        Assert.Equal(6, matrix.Grids.Count);
        Assert.All(matrix.Grids, g => Assert.Equal(500, g.Total));
        var grid = matrix.Grid(1, 3);
        Assert.Equal(matrix.Ranges[1].Min, grid.XMin);
        Assert.Equal(matrix.Ranges[3].Max, grid.YMax);
        // The grid of (x 1, y 3) bins column 1 against column 3: the first point's bin holds it.
        var bin = grid.BinOf(coordinates[1], coordinates[3])!.Value;
        Assert.True(grid.Counts[(bin.Row * 10) + bin.Column] >= 1);
    }
}

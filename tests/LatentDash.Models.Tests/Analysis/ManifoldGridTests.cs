using LatentDash.Models.Analysis;
using LatentDash.Models.Latent;

namespace LatentDash.Models.Tests.Analysis;

public sealed class ManifoldGridTests
{
    private static readonly double[] Held = [0.5, 7, -2, 9];

    [Fact]
    public void Cells_are_row_major_with_the_largest_y_on_top_and_x_growing_to_the_right()
    {
        // x is dimension 2 over [-1, 1], y is dimension 0 over [10, 20], 3 × 3 cells.
        var grid = ManifoldGrid.Layout(Held, x: 2, y: 0, size: 3, (-1, 1), (10, 20));

        Assert.Equal(9 * 4, grid.Latents.Length);
        (double X, double Y)[] expected =
        [
            (-1, 20), (0, 20), (1, 20),
            (-1, 15), (0, 15), (1, 15),
            (-1, 10), (0, 10), (1, 10),
        ];
        for (var cell = 0; cell < 9; cell++)
        {
            Assert.Equal(expected[cell], (grid.Latents[(cell * 4) + 2], grid.Latents[(cell * 4) + 0]));
        }
    }

    [Fact]
    public void The_other_dimensions_hold_their_values_in_every_cell()
    {
        var grid = ManifoldGrid.Layout(Held, x: 1, y: 3, size: 4, (-3, 3), (-3, 3));

        for (var cell = 0; cell < 16; cell++)
        {
            Assert.Equal(0.5f, grid.Latents[(cell * 4) + 0]);
            Assert.Equal(-2f, grid.Latents[(cell * 4) + 2]);
        }
    }

    [Fact]
    public void Corners_are_the_ends_of_the_ranges()
    {
        var grid = ManifoldGrid.Layout(Held, x: 0, y: 1, size: 15, (-0.7, 2.9), (-3.3, 1.1));
        float X(int cell) => grid.Latents[cell * 4];
        float Y(int cell) => grid.Latents[(cell * 4) + 1];

        Assert.Equal((-0.7f, 1.1f), (X(0), Y(0)));
        Assert.Equal((2.9f, 1.1f), (X(14), Y(14)));
        Assert.Equal((-0.7f, -3.3f), (X(14 * 15), Y(14 * 15)));
        Assert.Equal((2.9f, -3.3f), (X(224), Y(224)));
        Assert.Equal(grid.XAt(7), X(7), 6);
        Assert.Equal(grid.YAt(7), Y(7 * 15), 6);
    }

    [Fact]
    public void Held_values_are_the_samples_mu_or_zero()
    {
        var space = new LatentSpace([1, 2, 3, 4, 5, 6], [0, 0, 0, 0, 0, 0], [0, 1], 3, ["a", "b"]);

        Assert.Equal([4.0, 5.0, 6.0], ManifoldGrid.Held(space, 1));
        Assert.Equal([0.0, 0.0, 0.0], ManifoldGrid.Held(space, null));
        var grid = ManifoldGrid.Layout(ManifoldGrid.Held(space, 1), x: 0, y: 2, size: 3, (-1, 1), (-1, 1));
        Assert.All(Enumerable.Range(0, 9), cell => Assert.Equal(5f, grid.Latents[(cell * 3) + 1]));
    }

    [Fact]
    public void The_data_range_is_the_span_of_the_dimensions_means()
    {
        var space = new LatentSpace([1, -4, 3, 2, -1, 2], new float[6], [0, 0, 0], 2, ["a"]);

        Assert.Equal((-1.0, 3.0), ManifoldGrid.DataRange(space, 0));
        // A dimension whose mean never moves still gets an extent.
        Assert.Equal((1.0, 3.0), ManifoldGrid.DataRange(new LatentSpace([2, 2], new float[2], [0, 1], 1, ["a", "b"]), 0));
        Assert.Equal((-3.0, 3.0), ManifoldGrid.PriorRange(3));
    }

    [Theory]
    [InlineData(1, 1, 5)]
    [InlineData(0, 4, 5)]
    [InlineData(0, 1, 2)]
    [InlineData(0, 1, 31)]
    public void Impossible_layouts_are_refused(int x, int y, int size)
    {
        Assert.ThrowsAny<ArgumentException>(() => ManifoldGrid.Layout(Held, x, y, size, (-1, 1), (-1, 1)));
    }

    [Fact]
    public void An_empty_or_reversed_range_is_refused()
    {
        Assert.Throws<ArgumentException>(() => ManifoldGrid.Layout(Held, 0, 1, 5, (1, 1), (-1, 1)));
        Assert.Throws<ArgumentException>(() => ManifoldGrid.Layout(Held, 0, 1, 5, (-1, 1), (2, -2)));
    }
}

using LatentDash.Models.Latent;

namespace LatentDash.Models.Analysis;

/// <summary>The latent vectors of a 2-D manifold plot (the original's plot_latent_space): an n×n grid over two latent
/// dimensions, the others held at fixed values. Cells are row-major and laid out like a plot: row 0 is the largest y,
/// y falls downwards, x grows to the right, and the corners are the ends of the two ranges.</summary>
public sealed class ManifoldGrid
{
    public const int MinSize = 3;

    public const int MaxSize = 30;

    private ManifoldGrid(int x, int y, int size, (double Min, double Max) xRange, (double Min, double Max) yRange, float[] latents, int dimensions)
    {
        X = x;
        Y = y;
        Size = size;
        XRange = xRange;
        YRange = yRange;
        Latents = latents;
        Dimensions = dimensions;
    }

    /// <summary>The dimension that varies along a row (0-based).</summary>
    public int X { get; }

    /// <summary>The dimension that varies down a column (0-based).</summary>
    public int Y { get; }

    /// <summary>Cells per side.</summary>
    public int Size { get; }

    public (double Min, double Max) XRange { get; }

    public (double Min, double Max) YRange { get; }

    public int Dimensions { get; }

    /// <summary>Size² latent vectors, row-major (cell r·Size + c), each of <see cref="Dimensions"/> values.</summary>
    public float[] Latents { get; }

    /// <summary>The x value of a column: the range's minimum at column 0, its maximum at the last.</summary>
    public double XAt(int column) => Step(XRange.Min, XRange.Max, column, Size);

    /// <summary>The y value of a row: the range's maximum at row 0 (the top, as on a plot), its minimum at the last.</summary>
    public double YAt(int row) => Step(YRange.Max, YRange.Min, row, Size);

    /// <summary>Lays out the grid; <paramref name="held"/> gives every dimension's value (those of x and y are replaced).</summary>
    public static ManifoldGrid Layout(
        IReadOnlyList<double> held, int x, int y, int size, (double Min, double Max) xRange, (double Min, double Max) yRange)
    {
        ArgumentNullException.ThrowIfNull(held);
        var d = held.Count;
        ArgumentOutOfRangeException.ThrowIfLessThan(d, 2, nameof(held));
        ArgumentOutOfRangeException.ThrowIfNegative(x);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(x, d);
        ArgumentOutOfRangeException.ThrowIfNegative(y);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(y, d);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, MinSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, MaxSize);
        if (x == y)
        {
            throw new ArgumentException($"x and y are both dimension {x}: choose two different dimensions", nameof(y));
        }

        if (!Valid(xRange) || !Valid(yRange))
        {
            throw new ArgumentException("a range must be finite with its minimum below its maximum");
        }

        var grid = new ManifoldGrid(x, y, size, xRange, yRange, new float[size * size * d], d);
        for (var row = 0; row < size; row++)
        {
            for (var column = 0; column < size; column++)
            {
                var cell = grid.Latents.AsSpan(((row * size) + column) * d, d);
                for (var j = 0; j < d; j++)
                {
                    cell[j] = (float)held[j];
                }

                cell[x] = (float)grid.XAt(column);
                cell[y] = (float)grid.YAt(row);
            }
        }

        return grid;
    }

    /// <summary>The values the other dimensions are held at: a sample's μ, or zero (the prior's mean) without one.</summary>
    public static double[] Held(LatentSpace space, int? sample)
    {
        ArgumentNullException.ThrowIfNull(space);
        return sample is { } s ? space.MuOf(s) : new double[space.Dimensions];
    }

    /// <summary>The prior's range: ±<paramref name="span"/> standard deviations of N(0, 1).</summary>
    public static (double Min, double Max) PriorRange(double span)
    {
        if (!double.IsFinite(span) || span <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(span), span, "the span must be a positive number");
        }

        return (-span, span);
    }

    /// <summary>The validation set's range of one dimension's μ (a dimension whose μ never moves gets ±1 around it, so
    /// that the grid still has an extent).</summary>
    public static (double Min, double Max) DataRange(LatentSpace space, int dimension)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentOutOfRangeException.ThrowIfNegative(dimension);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(dimension, space.Dimensions);
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (var i = 0; i < space.Count; i++)
        {
            var value = space.Mu[(i * space.Dimensions) + dimension];
            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }

        return space.Count == 0 ? (-1, 1) : min < max ? (min, max) : (min - 1, max + 1);
    }

    /// <summary>Decodes every cell (a conditioned decoder as <paramref name="label"/>), first channel only: Size² images.</summary>
    public float[] Decode(ExplorableModel model, int? label)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Config.LatentDim != Dimensions)
        {
            throw new ArgumentException($"the grid has {Dimensions} dimensions, the model {model.Config.LatentDim}", nameof(model));
        }

        var decoded = model.DecodeMany(Latents, label);
        var plane = model.Config.Width * model.Config.Height;
        if (plane == model.ImageSize)
        {
            return decoded;
        }

        var images = new float[Size * Size * plane];
        for (var i = 0; i < Size * Size; i++)
        {
            decoded.AsSpan(i * model.ImageSize, plane).CopyTo(images.AsSpan(i * plane, plane));
        }

        return images;
    }

    /// <summary>Decoded cells as one PNG laid out like the grid, with no gap between cells (like the original's figure).</summary>
    public byte[] Png(float[] images, int width, int height, int scale) =>
        ImageGrid.Png(images, Size * Size, width, height, Size, scale, gap: 0);

    private static double Step(double from, double to, int index, int count) =>
        index == count - 1 ? to : from + ((to - from) * index / (count - 1));

    private static bool Valid((double Min, double Max) range) =>
        double.IsFinite(range.Min) && double.IsFinite(range.Max) && range.Min < range.Max;
}

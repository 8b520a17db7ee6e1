namespace LatentDash.Models.Latent;

/// <summary>The density view of a projected point set: one <see cref="DensityGrid"/> per pair of shown components (the
/// lower half of a scatter-plot matrix: y component above x component), each axis binned over its range in the set.</summary>
public sealed class DensityMatrix
{
    private readonly DensityGrid[] grids;

    private DensityMatrix(int components, int count, IReadOnlyList<(double Min, double Max)> ranges, DensityGrid[] grids)
    {
        Components = components;
        Count = count;
        Ranges = ranges;
        this.grids = grids;
    }

    public int Components { get; }

    /// <summary>Points in the set.</summary>
    public int Count { get; }

    /// <summary>Each component's range over the set (the bins' extent).</summary>
    public IReadOnlyList<(double Min, double Max)> Ranges { get; }

    /// <summary>The pairs (x component, y component), y above x, in the order of <see cref="Grids"/>: row by row of the
    /// lower half (y = 1: x = 0; y = 2: x = 0, 1; …).</summary>
    public IReadOnlyList<(int X, int Y)> Pairs => [.. PairsOf(Components)];

    public IReadOnlyList<DensityGrid> Grids => grids;

    /// <summary>The grid of one pair.</summary>
    public DensityGrid Grid(int x, int y)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(x);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(y, x);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(y, Components);
        return grids[(y * (y - 1) / 2) + x];
    }

    /// <summary>Bins every pair of the first <paramref name="components"/> columns of a row-major count × components array.</summary>
    public static DensityMatrix Compute(ReadOnlySpan<float> coordinates, int components, ReadOnlySpan<byte> labels, int classCount, int bins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(components, 1);
        var ranges = new (double Min, double Max)[components];
        for (var c = 0; c < components; c++)
        {
            ranges[c] = DensityGrid.RangeOf(coordinates, components, c);
        }

        var pairs = PairsOf(components).ToArray();
        var grids = new DensityGrid[pairs.Length];
        for (var p = 0; p < pairs.Length; p++)
        {
            var (x, y) = pairs[p];
            grids[p] = DensityGrid.Compute(coordinates, components, x, y, labels, classCount, bins, ranges[x], ranges[y]);
        }

        return new DensityMatrix(components, coordinates.Length / components, ranges, grids);
    }

    private static IEnumerable<(int X, int Y)> PairsOf(int components)
    {
        for (var y = 1; y < components; y++)
        {
            for (var x = 0; x < y; x++)
            {
                yield return (x, y);
            }
        }
    }
}

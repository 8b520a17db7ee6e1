namespace LatentDash.Models.Latent;

/// <summary>A 2-D histogram of points on two axes: a square grid of bins over given ranges, the count of each bin, and
/// per bin the class that holds most of its points with that class's share. What a density view draws when thousands
/// of overlapping points no longer show their colour (and a few KB instead of every point).</summary>
/// <remarks>Bins are row-major, rows along y: bin (row, column) is at <c>row · Bins + column</c>. A value equal to the
/// range's maximum falls in the last bin; values outside the range (or not finite) are left out and counted in
/// <see cref="Outside"/>. Ties between classes go to the lower class index.</remarks>
public sealed class DensityGrid
{
    /// <summary>The class of a bin that holds no point.</summary>
    public const int NoClass = -1;

    private DensityGrid(int bins, (double Min, double Max) x, (double Min, double Max) y, int[] counts, int[] dominant, float[] share, int outside)
    {
        Bins = bins;
        (XMin, XMax) = x;
        (YMin, YMax) = y;
        Counts = counts;
        Dominant = dominant;
        Share = share;
        Outside = outside;
    }

    public int Bins { get; }

    public double XMin { get; }

    public double XMax { get; }

    public double YMin { get; }

    public double YMax { get; }

    /// <summary>Points per bin.</summary>
    public IReadOnlyList<int> Counts { get; }

    /// <summary>The class with most points in each bin, <see cref="NoClass"/> for an empty bin (or without labels).</summary>
    public IReadOnlyList<int> Dominant { get; }

    /// <summary>The dominant class's share of each bin's points, in [0,1] (0 for an empty bin).</summary>
    public IReadOnlyList<float> Share { get; }

    /// <summary>Points left out: beyond the ranges or not finite.</summary>
    public int Outside { get; }

    /// <summary>Points counted in the bins.</summary>
    public int Total => Counts.Sum();

    /// <summary>The most points in one bin.</summary>
    public int MaxCount => Counts.Max();

    /// <summary>Bins a point of these coordinates would fall into, or null outside the ranges.</summary>
    public (int Row, int Column)? BinOf(double x, double y) =>
        Index(x, XMin, XMax, Bins) is { } column && Index(y, YMin, YMax, Bins) is { } row ? (row, column) : null;

    public double XCenter(int column) => XMin + ((column + 0.5) * (XMax - XMin) / Bins);

    public double YCenter(int row) => YMin + ((row + 0.5) * (YMax - YMin) / Bins);

    /// <summary>Bins the points of columns <paramref name="xComponent"/> and <paramref name="yComponent"/> of a row-major
    /// count × <paramref name="components"/> array.</summary>
    /// <param name="labels">One class index per point, or empty: no class is counted.</param>
    /// <param name="classCount">How many classes the labels index (labels at or beyond it are counted without a class).</param>
    public static DensityGrid Compute(
        ReadOnlySpan<float> coordinates, int components, int xComponent, int yComponent, ReadOnlySpan<byte> labels, int classCount,
        int bins, (double Min, double Max) xRange, (double Min, double Max) yRange)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(components, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(xComponent);
        ArgumentOutOfRangeException.ThrowIfNegative(yComponent);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(xComponent, components);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(yComponent, components);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(classCount);
        CheckRange(xRange, nameof(xRange));
        CheckRange(yRange, nameof(yRange));
        if (coordinates.Length % components != 0)
        {
            throw new ArgumentException($"{coordinates.Length} values are not whole rows of {components}", nameof(coordinates));
        }

        var count = coordinates.Length / components;
        if (!labels.IsEmpty && labels.Length != count)
        {
            throw new ArgumentException($"{labels.Length} labels for {count} points", nameof(labels));
        }

        var cells = bins * bins;
        var counts = new int[cells];
        var perClass = new int[cells * Math.Max(classCount, 1)];
        var outside = 0;
        for (var i = 0; i < count; i++)
        {
            if (Index(coordinates[(i * components) + xComponent], xRange.Min, xRange.Max, bins) is not { } column ||
                Index(coordinates[(i * components) + yComponent], yRange.Min, yRange.Max, bins) is not { } row)
            {
                outside++;
                continue;
            }

            var cell = (row * bins) + column;
            counts[cell]++;
            if (!labels.IsEmpty && labels[i] < classCount)
            {
                perClass[(cell * classCount) + labels[i]]++;
            }
        }

        var dominant = new int[cells];
        var share = new float[cells];
        for (var cell = 0; cell < cells; cell++)
        {
            var best = NoClass;
            var most = 0;
            for (var c = 0; c < classCount; c++)
            {
                if (perClass[(cell * classCount) + c] > most)
                {
                    (best, most) = (c, perClass[(cell * classCount) + c]);
                }
            }

            dominant[cell] = best;
            share[cell] = counts[cell] == 0 ? 0 : (float)most / counts[cell];
        }

        return new DensityGrid(bins, xRange, yRange, counts, dominant, share, outside);
    }

    /// <summary>The smallest and largest finite value of one column of a row-major array; a column of one value (or of
    /// none) gets a range of width 1 around it (or around 0), so that it still makes bins.</summary>
    public static (double Min, double Max) RangeOf(ReadOnlySpan<float> coordinates, int components, int component)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(components, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(component);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(component, components);
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (var i = component; i < coordinates.Length; i += components)
        {
            var v = coordinates[i];
            if (float.IsFinite(v))
            {
                (min, max) = (Math.Min(min, v), Math.Max(max, v));
            }
        }

        if (min > max)
        {
            return (-0.5, 0.5);
        }

        return max > min ? (min, max) : (min - 0.5, max + 0.5);
    }

    private static int? Index(double value, double min, double max, int bins)
    {
        if (!double.IsFinite(value) || value < min || value > max)
        {
            return null;
        }

        return Math.Min((int)((value - min) / (max - min) * bins), bins - 1);
    }

    private static void CheckRange((double Min, double Max) range, string name)
    {
        if (!double.IsFinite(range.Min) || !double.IsFinite(range.Max) || range.Max <= range.Min)
        {
            throw new ArgumentException($"range {range.Min}..{range.Max} is not a finite interval of positive width", name);
        }
    }
}

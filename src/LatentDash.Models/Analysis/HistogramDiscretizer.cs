namespace LatentDash.Models.Analysis;

/// <summary>disentanglement_lib's histogram discretiser, pinned: each value becomes the 1-based index of its bin among
/// <c>bins</c> equal-width bins over the column's range, exactly as
/// <c>np.digitize(x, np.histogram(x, bins)[1][:-1])</c> gives it (the maximum falls in the last bin; a constant column,
/// whose range numpy widens to ±0.5, falls in bin bins/2 + 1). MIG scores moved between versions of that library
/// because of this step, so it is its own tested function with the bin count as an argument.</summary>
public static class HistogramDiscretizer
{
    /// <summary>The bin count disentanglement_lib uses for MIG.</summary>
    public const int DefaultBins = 20;

    public static int[] Discretize(ReadOnlySpan<float> values, int bins = DefaultBins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (values.IsEmpty)
        {
            return [];
        }

        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var v in values)
        {
            if (!float.IsFinite(v))
            {
                throw new ArgumentException("values must be finite", nameof(values));
            }

            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        var edges = Edges(min, max, bins);
        var codes = new int[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            // digitize(right=False) against edges[0..bins-1]: how many of those edges are <= x.
            double x = values[i];
            int lo = 0, hi = bins; // search in edges[0..bins)
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (edges[mid] <= x)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            codes[i] = lo;
        }

        return codes;
    }

    /// <summary>numpy's histogram edges: linspace(min, max, bins + 1), the range widened by 0.5 each side when empty.</summary>
    internal static double[] Edges(double min, double max, int bins)
    {
        if (min == max)
        {
            min -= 0.5;
            max += 0.5;
        }

        var edges = new double[bins + 1];
        var step = (max - min) / bins;
        for (var i = 0; i < bins; i++)
        {
            edges[i] = min + (i * step);
        }

        edges[bins] = max;
        return edges;
    }
}

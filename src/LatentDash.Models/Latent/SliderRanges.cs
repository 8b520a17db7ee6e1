namespace LatentDash.Models.Latent;

/// <summary>The reach of each component slider: the selected class's mean ± std (the original's), ± 3 std, or the
/// component's global range over all points; the current value is always inside.</summary>
public static class SliderRanges
{
    /// <summary>Below this a class's spread is treated as this, so a one-point class still gets a usable slider.</summary>
    public const double MinimumStd = 1e-3;

    /// <summary>Per component, the minimum and maximum of its slider.</summary>
    /// <param name="statistics">The projected space's per-class statistics.</param>
    /// <param name="range">Which reach.</param>
    /// <param name="label">The selected sample's class; without one, the global range is used whatever is asked.</param>
    /// <param name="current">The sliders' current values, one per component.</param>
    public static (double[] Minimums, double[] Maximums) Compute(ComponentStatistics statistics, SliderRange range, int? label, IReadOnlyList<double> current)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentNullException.ThrowIfNull(current);
        var k = current.Count;
        if (k > statistics.Min.Length)
        {
            throw new ArgumentException($"{k} values but statistics of {statistics.Min.Length} components", nameof(current));
        }

        var minimums = new double[k];
        var maximums = new double[k];
        var spread = range == SliderRange.ThreeStd ? 3 : 1;
        for (var c = 0; c < k; c++)
        {
            if (range == SliderRange.Global || label is not { } l)
            {
                (minimums[c], maximums[c]) = (statistics.Min[c], statistics.Max[c]);
            }
            else
            {
                var std = Math.Max(statistics.Std[l, c], MinimumStd);
                (minimums[c], maximums[c]) = (statistics.Mean[l, c] - (spread * std), statistics.Mean[l, c] + (spread * std));
            }

            minimums[c] = Math.Min(minimums[c], current[c]);
            maximums[c] = Math.Max(maximums[c], current[c]);
        }

        return (minimums, maximums);
    }
}

using System.Globalization;

namespace LatentDash.Bench;

/// <summary>Medians and percentiles of timing samples.</summary>
internal static class Stats
{
    public static double Percentile(IReadOnlyList<double> samples, double percent)
    {
        var sorted = samples.Order().ToArray();
        var rank = percent / 100 * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
    }

    public static string Describe(IReadOnlyList<double> samples, string format) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{Percentile(samples, 50).ToString(format, CultureInfo.InvariantCulture)} [{samples.Min().ToString(format, CultureInfo.InvariantCulture)}..{samples.Max().ToString(format, CultureInfo.InvariantCulture)}]");
}

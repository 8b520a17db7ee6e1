namespace LatentDash.Models.Tests.Analysis;

/// <summary>What a good embedding of separated clusters shows, measured on the 2-D coordinates.</summary>
internal static class EmbeddingChecks
{
    /// <summary>Share of points whose nearest other point in the embedding has their label.</summary>
    public static double NearestNeighbourAgreement(float[] y, byte[] labels)
    {
        var n = labels.Length;
        var agree = 0;
        for (var i = 0; i < n; i++)
        {
            var (best, nearest) = (double.PositiveInfinity, -1);
            for (var j = 0; j < n; j++)
            {
                if (j != i && Distance(y, i, j) is var d && d < best)
                {
                    (best, nearest) = (d, j);
                }
            }

            agree += labels[nearest] == labels[i] ? 1 : 0;
        }

        return (double)agree / n;
    }

    /// <summary>Mean distance between points of the same cluster and of different clusters.</summary>
    public static (double Within, double Between) MeanDistances(float[] y, byte[] labels)
    {
        double within = 0, between = 0;
        long withinCount = 0, betweenCount = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            for (var j = i + 1; j < labels.Length; j++)
            {
                if (labels[i] == labels[j])
                {
                    within += Distance(y, i, j);
                    withinCount++;
                }
                else
                {
                    between += Distance(y, i, j);
                    betweenCount++;
                }
            }
        }

        return (within / withinCount, between / betweenCount);
    }

    /// <summary>The largest distance within any cluster and the smallest between two clusters.</summary>
    public static (double LargestWithin, double SmallestBetween) Extremes(float[] y, byte[] labels)
    {
        double largest = 0, smallest = double.PositiveInfinity;
        for (var i = 0; i < labels.Length; i++)
        {
            for (var j = i + 1; j < labels.Length; j++)
            {
                var d = Distance(y, i, j);
                if (labels[i] == labels[j])
                {
                    largest = Math.Max(largest, d);
                }
                else
                {
                    smallest = Math.Min(smallest, d);
                }
            }
        }

        return (largest, smallest);
    }

    private static double Distance(float[] y, int i, int j) =>
        Math.Sqrt(Math.Pow(y[2 * i] - y[2 * j], 2) + Math.Pow(y[(2 * i) + 1] - y[(2 * j) + 1], 2));
}

namespace LatentDash.Models.Analysis;

/// <summary>The mutual information gap of the latent means with respect to the class label: each dimension
/// discretised (<see cref="HistogramDiscretizer"/>, <see cref="Bins"/> bins), I(μ_j; y) from the counts, and
/// (largest − second largest) / H(y). Near 1 when one dimension alone carries the class, near 0 when none or several
/// do equally.</summary>
public sealed record MigScore(double Value, IReadOnlyList<double> MutualInformation, double LabelEntropy, int Bins)
{
    /// <summary>Computes the score of row-major means (count × dimensions) against their labels.</summary>
    public static MigScore Compute(ReadOnlySpan<float> mu, ReadOnlySpan<byte> labels, int dimensions, int bins = HistogramDiscretizer.DefaultBins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        if (mu.Length != labels.Length * dimensions)
        {
            throw new ArgumentException($"{mu.Length} means do not make {labels.Length} rows of {dimensions}");
        }

        var y = new int[labels.Length];
        for (var i = 0; i < y.Length; i++)
        {
            y[i] = labels[i];
        }

        var column = new float[labels.Length];
        var information = new double[dimensions];
        for (var j = 0; j < dimensions; j++)
        {
            for (var i = 0; i < column.Length; i++)
            {
                column[i] = mu[(i * dimensions) + j];
            }

            information[j] = Analysis.MutualInformation.Discrete(HistogramDiscretizer.Discretize(column, bins), y);
        }

        var entropy = Analysis.MutualInformation.Entropy(y);
        var sorted = information.OrderDescending().ToArray();
        var gap = sorted[0] - (sorted.Length > 1 ? sorted[1] : 0);
        return new MigScore(entropy > 0 ? gap / entropy : 0, information, entropy, bins);
    }
}

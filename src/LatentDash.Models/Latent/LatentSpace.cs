namespace LatentDash.Models.Latent;

/// <summary>A dataset seen through a model's encoder: the posterior means μ and log variances of every image, with its
/// label. Row-major arrays, Count × Dimensions.</summary>
public sealed class LatentSpace
{
    public LatentSpace(float[] mu, float[] logVar, byte[] labels, int dimensions, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(mu);
        ArgumentNullException.ThrowIfNull(logVar);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        if (mu.Length != labels.Length * dimensions || logVar.Length != mu.Length)
        {
            throw new ArgumentException($"{mu.Length} means and {logVar.Length} log variances do not make {labels.Length} rows of {dimensions}");
        }

        Mu = mu;
        LogVar = logVar;
        Labels = labels;
        Dimensions = dimensions;
        ClassNames = classNames;
    }

    public float[] Mu { get; }

    public float[] LogVar { get; }

    public byte[] Labels { get; }

    public int Dimensions { get; }

    public int Count => Labels.Length;

    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The μ of one image, as doubles.</summary>
    public double[] MuOf(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return [.. Mu.AsSpan(index * Dimensions, Dimensions).ToArray().Select(v => (double)v)];
    }
}

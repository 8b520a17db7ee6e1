namespace LatentDash.Models.Latent;

/// <summary>The raw latent dimensions as axes, in order; dimensions not shown sit at the mean of the latent means.</summary>
public sealed class RawProjection : ILatentProjection
{
    private readonly double[] mean;

    private RawProjection(double[] mean, double[] varianceRatio)
    {
        this.mean = mean;
        ExplainedVarianceRatio = varianceRatio;
    }

    public ProjectionKind Kind => ProjectionKind.Raw;

    public int Dimensions => mean.Length;

    public IReadOnlyList<double> ExplainedVarianceRatio { get; }

    public static RawProjection Fit(LatentSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        var d = space.Dimensions;
        var mean = new double[d];
        var variance = new double[d];
        for (var i = 0; i < space.Count; i++)
        {
            for (var j = 0; j < d; j++)
            {
                mean[j] += space.Mu[(i * d) + j];
            }
        }

        for (var j = 0; j < d; j++)
        {
            mean[j] /= Math.Max(space.Count, 1);
        }

        for (var i = 0; i < space.Count; i++)
        {
            for (var j = 0; j < d; j++)
            {
                var delta = space.Mu[(i * d) + j] - mean[j];
                variance[j] += delta * delta;
            }
        }

        var total = variance.Sum();
        return new RawProjection(mean, [.. variance.Select(v => total > 0 ? v / total : 0)]);
    }

    public string AxisTitle(int component) => $"z{component + 1}";

    public float[] Transform(ReadOnlySpan<float> rows, int count, int components)
    {
        Check(components);
        var result = new float[count * components];
        for (var i = 0; i < count; i++)
        {
            rows.Slice(i * Dimensions, components).CopyTo(result.AsSpan(i * components, components));
        }

        return result;
    }

    public double[] Transform(ReadOnlySpan<double> z, int components)
    {
        Check(components);
        return z[..components].ToArray();
    }

    public double[] InverseTransform(ReadOnlySpan<double> coordinates)
    {
        Check(coordinates.Length);
        var z = (double[])mean.Clone();
        coordinates.CopyTo(z);
        return z;
    }

    private void Check(int components)
    {
        if (components < 1 || components > Dimensions)
        {
            throw new ArgumentOutOfRangeException(nameof(components), components, $"must be in 1..{Dimensions}");
        }
    }
}

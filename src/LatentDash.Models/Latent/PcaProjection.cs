namespace LatentDash.Models.Latent;

/// <summary>The explorer's PCA axes: PCA fitted on the latent means.</summary>
public sealed class PcaProjection(Pca pca) : ILatentProjection
{
    public ProjectionKind Kind => ProjectionKind.Pca;

    public int Dimensions => pca.Dimensions;

    public IReadOnlyList<double> ExplainedVarianceRatio => pca.ExplainedVarianceRatio;

    public static PcaProjection Fit(LatentSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        return new PcaProjection(Pca.Fit(space.Mu, space.Count, space.Dimensions));
    }

    public string AxisTitle(int component) => $"PC{component + 1}";

    public float[] Transform(ReadOnlySpan<float> rows, int count, int components) => pca.Transform(rows, count, components);

    public double[] Transform(ReadOnlySpan<double> z, int components) => pca.Transform(z, components);

    public double[] InverseTransform(ReadOnlySpan<double> coordinates) => pca.InverseTransform(coordinates);
}

namespace LatentDash.Models.Latent;

/// <summary>Maps latent vectors to the coordinates the explorer shows, and back: PCA components, or the raw
/// dimensions (where a disentangled dimension is visible on its own axis).</summary>
public interface ILatentProjection
{
    ProjectionKind Kind { get; }

    /// <summary>The latent dimension, which is also the most components there are.</summary>
    int Dimensions { get; }

    /// <summary>Each axis' share of the total variance of the latent means, largest first for PCA.</summary>
    IReadOnlyList<double> ExplainedVarianceRatio { get; }

    /// <summary>The axis title of a component: PC1… or z1….</summary>
    string AxisTitle(int component);

    /// <summary>The first <paramref name="components"/> coordinates of every row of a Count × Dimensions array.</summary>
    float[] Transform(ReadOnlySpan<float> rows, int count, int components);

    /// <summary>The first <paramref name="components"/> coordinates of one latent vector.</summary>
    double[] Transform(ReadOnlySpan<double> z, int components);

    /// <summary>The latent vector of the given coordinates; components not given sit at the mean of the data.</summary>
    double[] InverseTransform(ReadOnlySpan<double> coordinates);
}

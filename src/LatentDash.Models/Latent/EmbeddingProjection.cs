namespace LatentDash.Models.Latent;

/// <summary>The axes of a 2-D t-SNE or UMAP embedding of the latent means: points can be shown on them, but an
/// embedding is fitted to its points, with no transform of a new vector and no inverse — traversal uses PCA or raw
/// axes.</summary>
public sealed class EmbeddingProjection : ILatentProjection
{
    private EmbeddingProjection(ProjectionKind kind) => Kind = kind;

    public ProjectionKind Kind { get; }

    public int Dimensions => 2;

    /// <summary>Empty: an embedding's axes carry no share of the variance.</summary>
    public IReadOnlyList<double> ExplainedVarianceRatio => [];

    /// <summary>The first <paramref name="coordinates"/>.Length / 2 points of <paramref name="space"/> on the axes of
    /// their embedding.</summary>
    public static ProjectedSpace Show(LatentSpace space, ProjectionKind kind, float[] coordinates)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(coordinates);
        if (!kind.IsEmbedding())
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "not an embedding");
        }

        var count = coordinates.Length / 2;
        if (coordinates.Length % 2 != 0 || count > space.Count)
        {
            throw new ArgumentException($"{coordinates.Length} coordinates are not 2-D points of the {space.Count} latent means", nameof(coordinates));
        }

        var labels = space.Labels.AsSpan(0, count).ToArray();
        var statistics = ComponentStatistics.Compute(coordinates, labels, 2, space.ClassNames.Count);
        return new ProjectedSpace(new EmbeddingProjection(kind), 2, coordinates, labels, space.ClassNames, statistics);
    }

    public string AxisTitle(int component) => $"{Kind.Title()} {component + 1}";

    public float[] Transform(ReadOnlySpan<float> rows, int count, int components) =>
        throw new NotSupportedException($"a {Kind.Title()} embedding does not place new points");

    public double[] Transform(ReadOnlySpan<double> z, int components) =>
        throw new NotSupportedException($"a {Kind.Title()} embedding does not place new points");

    public double[] InverseTransform(ReadOnlySpan<double> coordinates) =>
        throw new NotSupportedException($"a {Kind.Title()} embedding has no inverse: traverse PCA or raw axes");
}

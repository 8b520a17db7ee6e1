using System.Globalization;
using LatentDash.Models.Latent;

namespace LatentDash.Models.Analysis;

/// <summary>Which embedding of a model's latent means to compute, with its settings: exact t-SNE of the first
/// <see cref="TsnePoints"/> validation images (the set is shuffled, so they are a fair sample; exact t-SNE is quadratic),
/// or UMAP of all of them. Its <see cref="CacheName"/> names every setting the result depends on.</summary>
public sealed record EmbeddingRequest
{
    public const int DefaultTsnePoints = 3000;

    public EmbeddingRequest(ProjectionKind kind)
    {
        if (!kind.IsEmbedding())
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "not an embedding: use tsne or umap");
        }

        Kind = kind;
    }

    public ProjectionKind Kind { get; }

    public TsneOptions Tsne { get; init; } = new();

    public UmapOptions Umap { get; init; } = new();

    /// <summary>Most points exact t-SNE embeds (at most <see cref="Analysis.Tsne.MaxPoints"/>).</summary>
    public int TsnePoints { get; init; } = DefaultTsnePoints;

    /// <summary>How many of <paramref name="count"/> latent means are embedded (the first ones).</summary>
    public int PointsFor(int count) => Kind == ProjectionKind.Tsne ? Math.Min(count, Math.Min(TsnePoints, Analysis.Tsne.MaxPoints)) : count;

    /// <summary>Fewest points the method can embed: t-SNE needs more neighbours than its perplexity, UMAP a whole
    /// neighbourhood.</summary>
    public int MinPoints => Kind == ProjectionKind.Tsne ? (int)Math.Floor(Tsne.Perplexity) + 2 : Umap.Neighbours + 1;

    /// <summary>The name of the result in the model's analysis cache, e.g. tsne-p30-n3000-s0 or umap-k15-d0p1-s0.</summary>
    public string CacheName => Kind == ProjectionKind.Tsne
        ? Invariant($"tsne-p{Number(Tsne.Perplexity)}-n{TsnePoints}-i{Tsne.Iterations}-s{Tsne.Seed}")
        : Invariant($"umap-k{Umap.Neighbours}-d{Number(Umap.MinDistance)}-s{Umap.Seed}");

    // Cache names allow no '.': 0.1 is written 0p1.
    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture).Replace('.', 'p');

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

namespace LatentDash.Models.Latent;

/// <summary>What a <see cref="ProjectionKind"/> is: an invertible projection of the latent space or an embedding.</summary>
public static class ProjectionKinds
{
    /// <summary>True for t-SNE and UMAP: a picture of the neighbourhoods, with no way back to a latent vector.</summary>
    public static bool IsEmbedding(this ProjectionKind kind) => kind is ProjectionKind.Tsne or ProjectionKind.Umap;

    /// <summary>The name shown on the page.</summary>
    public static string Title(this ProjectionKind kind) => kind switch
    {
        ProjectionKind.Pca => "PCA",
        ProjectionKind.Raw => "Raw dimensions",
        ProjectionKind.Tsne => "t-SNE",
        ProjectionKind.Umap => "UMAP",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown projection"),
    };
}

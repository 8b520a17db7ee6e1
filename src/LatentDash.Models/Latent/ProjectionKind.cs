namespace LatentDash.Models.Latent;

/// <summary>The axes the explorer shows a latent space on: its principal components, its raw dimensions (where a
/// disentangled dimension is visible on its own axis), or a 2-D t-SNE or UMAP embedding of the latent means (which
/// has no inverse: its sliders traverse PCA or raw axes).</summary>
public enum ProjectionKind
{
    Pca,
    Raw,
    Tsne,
    Umap,
}

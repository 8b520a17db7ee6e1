namespace LatentDash.Models.Latent;

/// <summary>The axes the explorer shows a latent space on: its principal components, or its raw dimensions (where a
/// disentangled dimension is visible on its own axis).</summary>
public enum ProjectionKind
{
    Pca,
    Raw,
}

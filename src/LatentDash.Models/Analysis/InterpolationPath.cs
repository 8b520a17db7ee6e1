namespace LatentDash.Models.Analysis;

/// <summary>The path between two latent vectors: a straight line, or a great-circle arc (slerp) that keeps the norm
/// of vectors of equal norm, staying in the shell where a Gaussian prior puts its mass.</summary>
public enum InterpolationPath
{
    Linear,
    Slerp,
}

namespace LatentDash.Models.Analysis;

/// <summary>Where the latent inputs of a Sobol analysis come from.</summary>
public enum SobolDistribution
{
    /// <summary>The prior N(0, I).</summary>
    Prior,

    /// <summary>Each dimension's aggregate-posterior marginal: validation μ_j values, resampled independently.</summary>
    Posterior,
}

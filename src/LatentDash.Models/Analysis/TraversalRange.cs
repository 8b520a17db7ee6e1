namespace LatentDash.Models.Analysis;

/// <summary>How far a traversal reaches along each axis from the sample's coordinate.</summary>
public enum TraversalRange
{
    /// <summary>μ ± |log σ²| of the sample's posterior, as the original notebooks did.</summary>
    LogVar,

    /// <summary>μ ± k·σ of the sample's posterior.</summary>
    Sigma,

    /// <summary>The validation set's range of the latent means on that axis.</summary>
    Data,
}

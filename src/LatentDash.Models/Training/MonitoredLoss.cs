namespace LatentDash.Models.Training;

/// <summary>The validation quantity early stopping watches.</summary>
public enum MonitoredLoss
{
    /// <summary>The total validation loss (the default).</summary>
    Total,

    /// <summary>The validation KL divergence (the original's choice for the conditional VAE).</summary>
    Kl,

    /// <summary>The validation class loss (the original's choice for the branched VAE); needs a classifier.</summary>
    Class,
}

namespace LatentDash.Models.Networks;

/// <summary>The plain β-VAE baseline: the shared encoder and decoder, nothing else.</summary>
public sealed class BetaVae : VaeModel
{
    public BetaVae(BetaVaeConfig config)
        : base(nameof(BetaVae), config, config?.Channels ?? 0, config?.LatentDim ?? 0) => RegisterComponents();
}

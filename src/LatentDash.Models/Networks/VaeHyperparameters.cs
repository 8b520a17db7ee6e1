namespace LatentDash.Models.Networks;

/// <summary>The hyperparameters every variant shares, from which <see cref="Architectures"/> builds a config.</summary>
public sealed record VaeHyperparameters(string Dataset, int LatentDim, double Beta)
{
    public int ClassCount { get; init; } = 10;

    public int Channels { get; init; } = 1;

    public int Height { get; init; } = 28;

    public int Width { get; init; } = 28;

    /// <summary>Only the conditional VAE uses it.</summary>
    public bool ConditionedDecoder { get; init; }

    /// <summary>Only the branched VAE uses it: the weight of its classifier's cross-entropy in the total loss.</summary>
    public double ClassLossWeight { get; init; } = BranchedVaeConfig.DefaultClassLossWeight;
}

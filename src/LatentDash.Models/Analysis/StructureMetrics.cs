namespace LatentDash.Models.Analysis;

/// <summary>Numbers that say how much structure a model's latent space carries, computed on the validation split
/// (the probe and k-NN fitted on the training split's means). Stored under summary.json's <c>metrics</c> section;
/// <see cref="Version"/> changes whenever a definition does, so stale values are recomputed.</summary>
public sealed record StructureMetrics
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;

    public required ReconstructionQuality Reconstruction { get; init; }

    /// <summary>KL of each dimension's posterior from the prior, averaged over the validation images (nats).</summary>
    public required IReadOnlyList<double> KlPerDimension { get; init; }

    public required ActiveUnits ActiveUnits { get; init; }

    /// <summary>Accuracy of multinomial logistic regression on standardised μ, fitted on training μ.</summary>
    public required double LinearProbeAccuracy { get; init; }

    /// <summary>Accuracy of a 5-nearest-neighbour vote among training μ.</summary>
    public required double NearestNeighbourAccuracy { get; init; }

    public required Silhouette Silhouette { get; init; }

    public required MigScore Mig { get; init; }

    /// <summary>The classifier branch's validation accuracy; null for models without one.</summary>
    public double? ClassifierAccuracy { get; init; }

    /// <summary>Training images whose μ fitted the probe and the k-NN (a seeded sample of the training split).</summary>
    public required int TrainingSample { get; init; }

    public required int ValidationCount { get; init; }
}

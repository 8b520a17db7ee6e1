namespace LatentDash.Models.Training;

/// <summary>One epoch of history: train and validation losses (each averaged over images), classifier accuracy where
/// the model has a branch, the learning rate in force, and the epoch's wall time.</summary>
public sealed record EpochMetrics
{
    public required int Epoch { get; init; }

    public required LossSummary Train { get; init; }

    public required LossSummary Validation { get; init; }

    public required double LearningRate { get; init; }

    public double Seconds { get; init; }
}

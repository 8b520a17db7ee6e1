namespace LatentDash.Models.Training;

/// <summary>What a finished training gives: the per-epoch history and why it ended.</summary>
public sealed record TrainingResult(IReadOnlyList<EpochMetrics> History, TrainingStopReason StopReason, double Seconds)
{
    public EpochMetrics Final => History[^1];
}

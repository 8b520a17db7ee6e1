namespace LatentDash.Models.Training;

/// <summary>A progress report during training: where it is, and the running mean losses of the current epoch.</summary>
public sealed record TrainingProgress(
    int Epoch,
    int Epochs,
    int Step,
    int StepsPerEpoch,
    double RunningLoss,
    double RunningReconstruction,
    double RunningKl,
    double? RunningClassLoss,
    double ImagesPerSecond)
{
    /// <summary>Set on the report made when an epoch ends: its train and validation figures.</summary>
    public EpochMetrics? Completed { get; init; }

    /// <summary>Fraction of all planned steps done, 0..1.</summary>
    public double Fraction => ((Epoch - 1) * (double)StepsPerEpoch + Step) / ((double)Epochs * StepsPerEpoch);
}

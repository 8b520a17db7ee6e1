namespace LatentDash.Jobs.Runs;

/// <summary>What a training in a given status may still do.</summary>
public static class TrainingStatusExtensions
{
    public static bool IsActive(this TrainingStatus status) => status is TrainingStatus.Queued or TrainingStatus.Running;

    public static bool CanRetry(this TrainingStatus status) =>
        status is TrainingStatus.Failed or TrainingStatus.Cancelled or TrainingStatus.Interrupted;
}

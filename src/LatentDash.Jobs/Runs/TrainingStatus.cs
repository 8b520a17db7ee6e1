namespace LatentDash.Jobs.Runs;

/// <summary>Where a training (one model to train) stands.</summary>
public enum TrainingStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,

    /// <summary>Was queued or running when the process stopped, or its worker stopped giving signs of life, and was not
    /// queued again (RestartPolicy.Interrupt).</summary>
    Interrupted,
}

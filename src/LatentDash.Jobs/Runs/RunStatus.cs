namespace LatentDash.Jobs.Runs;

/// <summary>Where a run (one model to train) stands.</summary>
public enum RunStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,

    /// <summary>Was queued or running when the process stopped, and was not queued again (RestartPolicy.Interrupt).</summary>
    Interrupted,
}

public static class RunStatusExtensions
{
    public static bool IsActive(this RunStatus status) => status is RunStatus.Queued or RunStatus.Running;

    public static bool CanRetry(this RunStatus status) =>
        status is RunStatus.Failed or RunStatus.Cancelled or RunStatus.Interrupted;
}

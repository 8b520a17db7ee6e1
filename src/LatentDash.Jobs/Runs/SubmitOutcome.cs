namespace LatentDash.Jobs.Runs;

/// <summary>A submission's outcome: the check (messages by field when invalid or refused) and the trainings it queued.
/// <see cref="OverCap"/> says the submission was valid but its client already has too many trainings queued.</summary>
public sealed record SubmitOutcome(RunSubmissionCheck Check, IReadOnlyList<TrainingRecord> Trainings, bool OverCap = false)
{
    public bool Accepted => Trainings.Count > 0;
}

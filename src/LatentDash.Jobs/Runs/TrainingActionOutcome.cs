namespace LatentDash.Jobs.Runs;

/// <summary>The outcome of cancel or retry: done, not found, or not allowed in the training's state (with why).</summary>
public sealed record TrainingActionOutcome(TrainingRecord? Training, string? Problem)
{
    public static TrainingActionOutcome NotFound { get; } = new(null, "no such training");

    public bool Succeeded => Training is not null && Problem is null;

    public static TrainingActionOutcome Done(TrainingRecord training) => new(training, null);

    public static TrainingActionOutcome NotAllowed(TrainingRecord training, string problem) => new(training, problem);
}

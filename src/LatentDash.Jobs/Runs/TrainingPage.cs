namespace LatentDash.Jobs.Runs;

/// <summary>One page of training summaries (no curves, no histories) and how many trainings match in all.</summary>
public sealed record TrainingPage(IReadOnlyList<TrainingRecord> Items, int Total);

using LatentDash.Web.Runs;

namespace LatentDash.Web.Api;

/// <summary>What a submission queued.</summary>
public sealed record SubmittedTrainings(string Submission, int Count, IReadOnlyList<TrainingView> Trainings);

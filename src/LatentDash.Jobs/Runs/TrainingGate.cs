namespace LatentDash.Jobs.Runs;

/// <summary>The one lock under which training records are changed, shared by the commands and the tracker so that a
/// cancel and a status change never overwrite each other. Hold it for database writes only, never across a round trip
/// to the queue's storage.</summary>
public sealed class TrainingGate
{
    public Lock Lock { get; } = new();
}

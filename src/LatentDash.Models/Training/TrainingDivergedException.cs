namespace LatentDash.Models.Training;

/// <summary>The loss became NaN or infinite: the run fails instead of saving garbage.</summary>
public sealed class TrainingDivergedException : Exception
{
    public TrainingDivergedException()
    {
    }

    public TrainingDivergedException(string message) : base(message)
    {
    }

    public TrainingDivergedException(string message, Exception inner) : base(message, inner)
    {
    }

    public int Epoch { get; init; }

    public int Step { get; init; }
}

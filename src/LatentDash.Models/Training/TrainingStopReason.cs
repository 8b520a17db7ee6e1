namespace LatentDash.Models.Training;

/// <summary>Why training ended.</summary>
public enum TrainingStopReason
{
    /// <summary>All planned epochs ran.</summary>
    Completed,

    /// <summary>Early stopping ended it after its last learning-rate decay.</summary>
    EarlyStopped,
}

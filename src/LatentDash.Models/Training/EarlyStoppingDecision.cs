namespace LatentDash.Models.Training;

/// <summary>What <see cref="EarlyStopping"/> says after an epoch.</summary>
public enum EarlyStoppingDecision
{
    Continue,
    DecayLearningRate,
    Stop,
}

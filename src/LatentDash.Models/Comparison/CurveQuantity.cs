namespace LatentDash.Models.Comparison;

/// <summary>A quantity recorded per epoch in history.json that the curves view can draw.</summary>
public enum CurveQuantity
{
    Loss,
    Reconstruction,
    Kl,
    ClassLoss,
    Accuracy,
    LearningRate,
}

namespace LatentDash.Models.Training;

/// <summary>Mean losses over a pass of a dataset; <see cref="ClassLoss"/> and <see cref="Accuracy"/> are null for
/// models without a classifier branch.</summary>
public sealed record LossSummary(double Loss, double Reconstruction, double Kl, double? ClassLoss, double? Accuracy)
{
    public double Get(MonitoredLoss quantity) => quantity switch
    {
        MonitoredLoss.Total => Loss,
        MonitoredLoss.Kl => Kl,
        MonitoredLoss.Class => ClassLoss ?? throw new InvalidOperationException("this model has no class loss to monitor"),
        _ => throw new ArgumentOutOfRangeException(nameof(quantity), quantity, null),
    };
}

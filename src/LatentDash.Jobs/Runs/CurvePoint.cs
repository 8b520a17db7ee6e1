namespace LatentDash.Jobs.Runs;

/// <summary>A point of the running training loss; <see cref="Position"/> is in epochs (1.5 = half-way through epoch 2).</summary>
public sealed class CurvePoint
{
    public double Position { get; set; }

    public double Loss { get; set; }

    public double Reconstruction { get; set; }

    public double Kl { get; set; }

    public double? ClassLoss { get; set; }
}

using System.Text.Json.Serialization;

namespace LatentDash.Models.Networks;

/// <summary>A VAE with a classifier branch off the encoder trunk and a third, cross-entropy loss.</summary>
public sealed record BranchedVaeConfig : VaeConfig
{
    public const string Name = "branched";

    /// <summary>Weight of the classifier's cross-entropy in the total loss (the original used 1).</summary>
    public double ClassLossWeight { get; init; } = 1.0;

    [JsonIgnore]
    public override string Architecture => Name;

    [JsonIgnore]
    public override Training.MonitoredLoss OriginalMonitor => Training.MonitoredLoss.Class;

    [JsonIgnore]
    public override string ShortName => "bcvae";

    public override VaeModel CreateModel() => new BranchedClassifierVae(this);

    public override IReadOnlyList<string> Validate()
    {
        var errors = base.Validate().ToList();
        if (!double.IsFinite(ClassLossWeight) || ClassLossWeight < 0)
        {
            errors.Add($"class loss weight must be finite and >= 0, got {ClassLossWeight}");
        }

        return errors;
    }
}

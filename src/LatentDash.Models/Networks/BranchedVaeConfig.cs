using System.Text.Json.Serialization;

namespace LatentDash.Models.Networks;

/// <summary>A VAE with a classifier branch off the encoder trunk and a third, cross-entropy loss.</summary>
public sealed record BranchedVaeConfig : VaeConfig
{
    public const string Name = "branched";

    /// <summary>The original's weight of the classifier's cross-entropy.</summary>
    public const double DefaultClassLossWeight = 1.0;

    /// <summary>Weight of the classifier's cross-entropy in the total loss (the original used 1).</summary>
    public double ClassLossWeight { get; init; } = DefaultClassLossWeight;

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
        if (Limits.ClassLossWeightProblem(ClassLossWeight) is { } weightProblem)
        {
            errors.Add(weightProblem);
        }

        return errors;
    }
}

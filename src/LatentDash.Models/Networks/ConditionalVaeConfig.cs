using System.Text.Json.Serialization;

namespace LatentDash.Models.Networks;

/// <summary>A conditional VAE: the one-hot label joins the image as extra encoder input channels.</summary>
public sealed record ConditionalVaeConfig : VaeConfig
{
    public const string Name = "conditional";

    /// <summary>When set, the decoder also sees the one-hot label (z ⊕ label), so a chosen class can be generated.</summary>
    public bool ConditionedDecoder { get; init; }

    [JsonIgnore]
    public override string Architecture => Name;

    [JsonIgnore]
    public override Training.MonitoredLoss OriginalMonitor => Training.MonitoredLoss.Kl;

    [JsonIgnore]
    public override string ShortName => "cvae";

    public override VaeModel CreateModel() => new ConditionalVae(this);
}

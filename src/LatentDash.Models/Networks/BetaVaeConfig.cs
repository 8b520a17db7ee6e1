using System.Text.Json.Serialization;

namespace LatentDash.Models.Networks;

/// <summary>The plain β-VAE baseline: no label, no classifier branch.</summary>
public sealed record BetaVaeConfig : VaeConfig
{
    public const string Name = "beta-vae";

    [JsonIgnore]
    public override string Architecture => Name;

    [JsonIgnore]
    public override string ShortName => "bvae";

    public override VaeModel CreateModel() => new BetaVae(this);
}

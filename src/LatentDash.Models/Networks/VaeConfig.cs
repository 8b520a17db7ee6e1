using System.Text.Json.Serialization;
using LatentDash.Models.Training;

namespace LatentDash.Models.Networks;

/// <summary>The hyperparameters that define a VAE's network and loss; a record per variant adds what it needs.</summary>
/// <remarks>Serialised into params.json with the variant's name as the "architecture" discriminator.</remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "architecture")]
[JsonDerivedType(typeof(BetaVaeConfig), BetaVaeConfig.Name)]
[JsonDerivedType(typeof(ConditionalVaeConfig), ConditionalVaeConfig.Name)]
[JsonDerivedType(typeof(BranchedVaeConfig), BranchedVaeConfig.Name)]
public abstract record VaeConfig
{
    /// <summary>Name of the dataset the model is trained on (a folder under data/).</summary>
    public required string Dataset { get; init; }

    public required int LatentDim { get; init; }

    /// <summary>Weight of the KL term.</summary>
    public required double Beta { get; init; }

    public int ClassCount { get; init; } = 10;

    public int Channels { get; init; } = 1;

    public int Height { get; init; } = 28;

    public int Width { get; init; } = 28;

    /// <summary>The variant's name, as written in params.json.</summary>
    [JsonIgnore]
    public abstract string Architecture { get; }

    /// <summary>A short tag for folder names (cvae, bcvae, bvae).</summary>
    [JsonIgnore]
    public abstract string ShortName { get; }

    /// <summary>The validation quantity the original's early stopping watched for this variant.</summary>
    [JsonIgnore]
    public virtual MonitoredLoss OriginalMonitor => MonitoredLoss.Total;

    /// <summary>Builds an untrained network for this configuration.</summary>
    public abstract VaeModel CreateModel();

    /// <summary>Checks the values a network can be built from; returns the problems, empty when fine.</summary>
    public virtual IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (LatentDim is < 1 or > 64)
        {
            errors.Add($"latent dim must be an integer in 1..64, got {LatentDim}");
        }

        if (!double.IsFinite(Beta) || Beta <= 0)
        {
            errors.Add($"beta must be finite and > 0, got {Beta}");
        }

        if (ClassCount < 1)
        {
            errors.Add($"class count must be positive, got {ClassCount}");
        }

        if (Channels < 1 || Height < 8 || Width < 8 || Height % 4 != 0 || Width % 4 != 0)
        {
            errors.Add($"image shape {Channels}x{Height}x{Width} is not supported: height and width must be multiples of 4, at least 8");
        }

        return errors;
    }
}

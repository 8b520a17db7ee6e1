using LatentDash.Models.Networks;

namespace LatentDash.Web.Train;

/// <summary>How the pages name the architectures.</summary>
public static class ArchitectureLabels
{
    public static string For(string architecture) => architecture switch
    {
        ConditionalVaeConfig.Name => "Conditional VAE",
        BranchedVaeConfig.Name => "Branched classifier VAE",
        BetaVaeConfig.Name => "β-VAE (baseline)",
        _ => architecture,
    };
}

namespace LatentDash.Models.Networks;

/// <summary>The catalog of VAE variants: a new variant is one config file, one model file and one line here.</summary>
public static class Architectures
{
    private static readonly Dictionary<string, Func<VaeHyperparameters, VaeConfig>> Factories =
        new(StringComparer.OrdinalIgnoreCase)
        {
            [ConditionalVaeConfig.Name] = h => new ConditionalVaeConfig
            {
                Dataset = h.Dataset, LatentDim = h.LatentDim, Beta = h.Beta, ClassCount = h.ClassCount,
                Channels = h.Channels, Height = h.Height, Width = h.Width, ConditionedDecoder = h.ConditionedDecoder,
            },
            [BranchedVaeConfig.Name] = h => new BranchedVaeConfig
            {
                Dataset = h.Dataset, LatentDim = h.LatentDim, Beta = h.Beta, ClassCount = h.ClassCount,
                Channels = h.Channels, Height = h.Height, Width = h.Width, ClassLossWeight = h.ClassLossWeight,
            },
            [BetaVaeConfig.Name] = h => new BetaVaeConfig
            {
                Dataset = h.Dataset, LatentDim = h.LatentDim, Beta = h.Beta, ClassCount = h.ClassCount,
                Channels = h.Channels, Height = h.Height, Width = h.Width,
            },
        };

    /// <summary>Every variant's name, in a stable order.</summary>
    public static IReadOnlyList<string> Names { get; } = [ConditionalVaeConfig.Name, BranchedVaeConfig.Name, BetaVaeConfig.Name];

    public static bool IsKnown(string? name) => name is not null && Factories.ContainsKey(name.Trim());

    /// <summary>The variant's name as <see cref="Names"/> spells it ("Branched " gives "branched"), or null when the name
    /// is not a known variant: two spellings of one variant are one variant.</summary>
    public static string? Canonical(string? name) =>
        name is null ? null : Names.FirstOrDefault(n => string.Equals(n, name.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Builds the config of the named variant from the hyperparameters every variant shares.</summary>
    /// <exception cref="ArgumentException">The name is not a known variant.</exception>
    public static VaeConfig CreateConfig(string name, VaeHyperparameters hyperparameters)
    {
        ArgumentNullException.ThrowIfNull(hyperparameters);
        return Factories.TryGetValue(name, out var factory)
            ? factory(hyperparameters)
            : throw new ArgumentException(
                $"unknown architecture '{name}'; known: {string.Join(", ", Names)}", nameof(name));
    }
}

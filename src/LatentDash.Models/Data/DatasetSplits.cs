namespace LatentDash.Models.Data;

/// <summary>How a dataset's training and validation images were chosen, as manifests and params.json record it, and
/// the short label pages show beside a figure computed on it.</summary>
public static class DatasetSplits
{
    /// <summary>The publishers' own train / test split (the test images are the validation split): figures compare
    /// with published ones.</summary>
    public const string Official = "official";

    /// <summary>A stratified split of an npm image pool with a seed (<see cref="NpmDatasetConverter"/>).</summary>
    public const string Seeded = "seeded";

    /// <summary>The seed every built-in pool was split with, before official splits and in the fallback.</summary>
    public const int LegacySeed = 1333;

    /// <summary>The label shown beside a figure: "official split", "npm pool, seeded split", or the recorded text.</summary>
    public static string Label(string? split) => split switch
    {
        Official => "official split",
        Seeded => "npm pool, seeded split",
        null or "" => "split not recorded",
        _ => split,
    };

    /// <summary>The split a manifest or a model that records none is taken to have: every built-in dataset was an npm
    /// pool split with a seed until splits were recorded; a dataset dropped in by hand is not guessed.</summary>
    public static string? Inferred(string datasetName) => BuiltInDatasets.Find(datasetName) is null ? null : Seeded;

    /// <summary>The source a manifest or a model that records none is taken to have (see <see cref="Inferred"/>).</summary>
    public static string? InferredSource(string datasetName) => BuiltInDatasets.Find(datasetName)?.LegacySource;
}

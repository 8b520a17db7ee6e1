using LatentDash.Models.Data;
using LatentDash.Models.Tests.Support;

namespace LatentDash.Models.Tests.Data;

public class DatasetSubsetterTests
{
    [Fact]
    public void A_subset_has_the_exact_counts_every_class_in_proportion_and_the_source_manifest()
    {
        using var temp = new TempDirectory();
        var source = new DatasetCatalog(Fixtures.DataRoot).Load("fashion");

        DatasetSubsetter.Write(source, 100, 30, seed: 5, Path.Combine(temp.Path, "fashion"));

        var subset = new DatasetCatalog(temp.Path).Load("fashion");
        Assert.Equal((100, 30), (subset.Train.Count, subset.Validation.Count));
        Assert.Equal(source.Manifest.ClassNames, subset.Manifest.ClassNames);
        // The fixture is balanced (80 and 20 per class), so a stratified sample is too.
        Assert.All(subset.Train.Labels.CountBy(l => l), c => Assert.Equal(10, c.Value));
        Assert.All(subset.Validation.Labels.CountBy(l => l), c => Assert.Equal(3, c.Value));
    }

    [Fact]
    public void Every_subset_image_comes_from_the_same_split_of_the_source()
    {
        using var temp = new TempDirectory();
        var source = new DatasetCatalog(Fixtures.DataRoot).Load("mnist");

        DatasetSubsetter.Write(source, 50, 10, seed: 1, Path.Combine(temp.Path, "mnist"));

        var subset = new DatasetCatalog(temp.Path).Load("mnist");
        Assert.True(IsDrawnFrom(subset.Train, source.Train));
        Assert.True(IsDrawnFrom(subset.Validation, source.Validation));
    }

    private static bool IsDrawnFrom(ImageSet sample, ImageSet source)
    {
        var images = Enumerable.Range(0, source.Count)
            .Select(i => (Convert.ToHexString(source.Pixels, i * source.ImageSize, source.ImageSize), source.Labels[i]))
            .ToHashSet();
        return Enumerable.Range(0, sample.Count)
            .All(i => images.Contains((Convert.ToHexString(sample.Pixels, i * sample.ImageSize, sample.ImageSize), sample.Labels[i])));
    }
}

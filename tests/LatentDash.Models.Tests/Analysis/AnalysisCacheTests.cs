using LatentDash.Models.Analysis;
using LatentDash.Models.Tests.Support;

namespace LatentDash.Models.Tests.Analysis;

public class AnalysisCacheTests
{
    [Fact]
    public void A_result_is_read_back_for_the_same_weights()
    {
        using var model = new TempDirectory();
        File.WriteAllBytes(Path.Combine(model.Path, "encoder.dat"), [1, 2, 3]);

        AnalysisCache.Write(model.Path, "tsne-p30-s0", new Sample([1.5, -2], "x"));

        Assert.True(AnalysisCache.TryRead<Sample>(model.Path, "tsne-p30-s0", out var read));
        Assert.Equal([1.5, -2], read.Values);
        Assert.Equal("x", read.Note);
        Assert.False(AnalysisCache.TryRead<Sample>(model.Path, "umap-k15", out _));
    }

    [Fact]
    public void New_weights_make_the_old_result_absent_and_writing_anew_removes_it()
    {
        using var model = new TempDirectory();
        var weights = Path.Combine(model.Path, "decoder.dat");
        File.WriteAllBytes(weights, [1, 2, 3]);
        AnalysisCache.Write(model.Path, "sobol", new Sample([1], "old"));
        var oldKey = AnalysisCache.WeightsKey(model.Path);

        File.WriteAllBytes(weights, [1, 2, 4]);
        File.SetLastWriteTimeUtc(weights, DateTime.UtcNow.AddMinutes(1));

        Assert.NotEqual(oldKey, AnalysisCache.WeightsKey(model.Path));
        Assert.False(AnalysisCache.TryRead<Sample>(model.Path, "sobol", out _));
        AnalysisCache.Write(model.Path, "sobol", new Sample([2], "new"));
        Assert.Equal(["sobol." + AnalysisCache.WeightsKey(model.Path) + ".json"],
            Directory.GetFiles(Path.Combine(model.Path, AnalysisCache.Folder)).Select(Path.GetFileName));
    }

    [Fact]
    public void An_unreadable_result_is_absent_and_names_outside_the_rule_are_refused()
    {
        using var model = new TempDirectory();
        File.WriteAllBytes(Path.Combine(model.Path, "encoder.dat"), [9]);
        var path = AnalysisCache.PathOf(model.Path, "tsne");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "{ not json");

        Assert.False(AnalysisCache.TryRead<Sample>(model.Path, "tsne", out _));
        Assert.Throws<ArgumentException>(() => AnalysisCache.PathOf(model.Path, "../escape"));
        Assert.Throws<ArgumentException>(() => AnalysisCache.PathOf(model.Path, "Upper"));
    }

    public sealed record Sample(double[] Values, string Note);
}

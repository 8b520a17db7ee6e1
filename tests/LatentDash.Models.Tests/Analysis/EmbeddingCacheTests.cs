using LatentDash.Models.Analysis;
using LatentDash.Models.Latent;
using LatentDash.Models.Tests.Support;

namespace LatentDash.Models.Tests.Analysis;

/// <summary>Embeddings are kept beside the model and read back, until its weights change.</summary>
public sealed class EmbeddingCacheTests
{
    private static readonly EmbeddingRequest Request = new(ProjectionKind.Umap) { Umap = new UmapOptions { Epochs = 50 } };

    private static LatentSpace Space()
    {
        var (points, labels) = Blobs.Create(3, 40, 10, 4, seed: 2);
        return new LatentSpace(points, new float[points.Length], labels, 10, ["a", "b", "c"]);
    }

    [Fact]
    public void A_computed_embedding_is_read_back_identical()
    {
        using var model = new TempDirectory();
        File.WriteAllBytes(Path.Combine(model.Path, "weights.dat"), [1, 2, 3]);
        var space = Space();

        Assert.False(EmbeddingCache.TryRead(model.Path, Request, space.Count, out _));
        var computed = EmbeddingCache.GetOrCompute(model.Path, space, Request);

        Assert.True(EmbeddingCache.TryRead(model.Path, Request, space.Count, out var read));
        Assert.Equal(computed.Coordinates, read.Coordinates);
        Assert.Equal((ProjectionKind.Umap, 120, "umap-k15-d0p1-s0"), (read.Kind, read.Count, read.Settings));
        Assert.True(File.Exists(AnalysisCache.PathOf(model.Path, "umap-k15-d0p1-s0")));
    }

    [Fact]
    public void New_weights_invalidate_the_embedding()
    {
        using var model = new TempDirectory();
        var weights = Path.Combine(model.Path, "weights.dat");
        File.WriteAllBytes(weights, [1, 2, 3]);
        EmbeddingCache.GetOrCompute(model.Path, Space(), Request);

        File.WriteAllBytes(weights, [4, 5, 6, 7]);

        Assert.False(EmbeddingCache.TryRead(model.Path, Request, 120, out _));
    }

    [Fact]
    public void Another_setting_or_point_count_is_another_result()
    {
        using var model = new TempDirectory();
        File.WriteAllBytes(Path.Combine(model.Path, "weights.dat"), [1, 2, 3]);
        EmbeddingCache.GetOrCompute(model.Path, Space(), Request);

        Assert.False(EmbeddingCache.TryRead(model.Path, Request with { Umap = new UmapOptions { Seed = 1 } }, 120, out _));
        Assert.False(EmbeddingCache.TryRead(model.Path, Request, 121, out _));
        Assert.Equal("tsne-p30-n3000-i1000-s0", new EmbeddingRequest(ProjectionKind.Tsne).CacheName);
        Assert.Equal(100, new EmbeddingRequest(ProjectionKind.Tsne) { TsnePoints = 100 }.PointsFor(120));
    }
}

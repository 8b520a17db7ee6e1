using LatentDash.Models.Analysis;
using LatentDash.Models.Tests.Support;

namespace LatentDash.Models.Tests.Analysis;

/// <summary>Exact t-SNE on constructed clusters: the clusters stay apart, and a seed reproduces the layout.</summary>
public sealed class TsneTests
{
    // Three unit-variance blobs of 100 points in 10-D whose centres lie about 4·√10 apart.
    private static readonly (float[] Points, byte[] Labels) Clusters = Blobs.Create(3, 100, 10, 4, seed: 7);

    private static readonly TsneOptions Options = new() { Perplexity = 30, Iterations = 500, Seed = 3 };

    [Fact]
    public void Separated_blobs_stay_separated_in_the_embedding()
    {
        var y = Tsne.Fit(Clusters.Points, 300, 10, Options);

        Assert.Equal(600, y.Length);
        Assert.All(y, v => Assert.True(float.IsFinite(v)));
        Assert.True(EmbeddingChecks.NearestNeighbourAgreement(y, Clusters.Labels) >= 0.95);
        var (within, between) = EmbeddingChecks.MeanDistances(y, Clusters.Labels);
        Assert.True(between > 2 * within, $"between {between:F2}, within {within:F2}");
    }

    [Fact]
    public void The_same_seed_reproduces_the_embedding_exactly_and_another_seed_does_not()
    {
        var first = Tsne.Fit(Clusters.Points, 300, 10, Options with { Iterations = 300 });
        var second = Tsne.Fit(Clusters.Points, 300, 10, Options with { Iterations = 300 });
        var other = Tsne.Fit(Clusters.Points, 300, 10, Options with { Iterations = 300, Seed = 4 });

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void The_learning_rate_follows_the_size_rule_unless_set()
    {
        Assert.Equal(62.5, new TsneOptions().LearningRateFor(3000));
        Assert.Equal(50, new TsneOptions().LearningRateFor(300));
        Assert.Equal(200, new TsneOptions { LearningRate = 200 }.LearningRateFor(300));
    }
}

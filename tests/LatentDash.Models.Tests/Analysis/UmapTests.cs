using LatentDash.Models.Analysis;
using LatentDash.Models.Tests.Support;

namespace LatentDash.Models.Tests.Analysis;

/// <summary>UMAP's parts against known answers (umap-learn's curve parameters, the fuzzy union, the neighbour graph)
/// and the whole on constructed clusters.</summary>
public sealed class UmapTests
{
    private static readonly (float[] Points, byte[] Labels) Clusters = Blobs.Create(3, 100, 10, 4, seed: 7);

    [Fact]
    public void The_curve_for_min_dist_0_1_has_umap_learns_a_and_b()
    {
        // umap-learn's find_ab_params(1.0, 0.1) gives a ≈ 1.5769, b ≈ 0.8951.
        var (a, b) = UmapCurve.Fit(1.0, 0.1);

        Assert.Equal(1.577, a, 0.01);
        Assert.Equal(0.895, b, 0.005);
    }

    [Fact]
    public void Nearest_neighbours_are_exact_and_exclude_the_point_itself()
    {
        // On a line at 0, 1, 3, 7: each point's neighbours by distance.
        float[] points = [0, 1, 3, 7];

        var graph = NearestNeighbourGraph.Build(points, 4, 1, 2);

        Assert.Equal([1, 2, 0, 2, 1, 0, 2, 1], graph.Indices);
        Assert.Equal([1f, 3f, 1f, 2f, 2f, 3f, 4f, 6f], graph.Distances);
    }

    [Fact]
    public void Memberships_are_symmetric_with_the_nearest_neighbour_at_one()
    {
        var graph = NearestNeighbourGraph.Build(Clusters.Points, 300, 10, 14);

        var (heads, tails, weights) = Umap.FuzzySimplicialSet(graph, 15);

        var edges = Enumerable.Range(0, heads.Length).ToDictionary(e => (heads[e], tails[e]), e => weights[e]);
        Assert.All(edges, edge => Assert.Equal(edge.Value, edges[(edge.Key.Item2, edge.Key.Item1)]));
        Assert.All(weights, w => Assert.InRange(w, 0f, 1f));
        // Every point's nearest neighbour is at ρ: membership 1 from that side, so 1 after the union.
        Assert.All(Enumerable.Range(0, 300), i => Assert.Equal(1.0, edges[(i, graph.Indices[i * 14])], 1e-6));
    }

    [Fact]
    public void Separated_blobs_stay_separated_in_the_embedding()
    {
        var y = Umap.Fit(Clusters.Points, 300, 10, new UmapOptions { Seed = 5 });

        Assert.Equal(600, y.Length);
        Assert.All(y, v => Assert.True(float.IsFinite(v)));
        Assert.True(EmbeddingChecks.NearestNeighbourAgreement(y, Clusters.Labels) >= 0.95);
        var (within, between) = EmbeddingChecks.MeanDistances(y, Clusters.Labels);
        Assert.True(between > 2 * within, $"between {between:F2}, within {within:F2}");
    }

    [Fact]
    public void The_same_seed_reproduces_the_embedding_exactly_and_another_seed_does_not()
    {
        var options = new UmapOptions { Seed = 5, Epochs = 100 };

        var first = Umap.Fit(Clusters.Points, 300, 10, options);
        var second = Umap.Fit(Clusters.Points, 300, 10, options);
        var other = Umap.Fit(Clusters.Points, 300, 10, options with { Seed = 6 });

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }
}

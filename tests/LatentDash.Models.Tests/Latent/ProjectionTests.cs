using LatentDash.Models.Latent;

namespace LatentDash.Models.Tests.Latent;

public class ProjectionTests
{
    private static LatentSpace Space()
    {
        // Three classes along distinct directions in 3-D.
        var random = new Random(2);
        var mu = new List<float>();
        var labels = new List<byte>();
        for (var i = 0; i < 300; i++)
        {
            var c = (byte)(i % 3);
            labels.Add(c);
            mu.Add((float)((c * 4) + random.NextDouble()));
            mu.Add((float)((c == 1 ? 2 : 0) + (random.NextDouble() * 0.5)));
            mu.Add((float)(random.NextDouble() * 0.1));
        }

        return new LatentSpace([.. mu], new float[mu.Count], [.. labels], 3, ["a", "b", "c"]);
    }

    [Fact]
    public void Raw_projection_keeps_the_first_dimensions_and_fills_the_rest_with_the_mean()
    {
        var space = Space();
        var raw = RawProjection.Fit(space);

        Assert.Equal(space.Mu[..2], raw.Transform(space.Mu, space.Count, 2)[..2]);
        var z = raw.InverseTransform([1.5, -2.0]);
        Assert.Equal(1.5, z[0]);
        Assert.Equal(-2.0, z[1]);
        Assert.Equal(space.Mu.Where((_, i) => i % 3 == 2).Average(v => v), z[2], 5);
        Assert.Equal(1.0, raw.ExplainedVarianceRatio.Sum(), 9);
        Assert.Equal("z2", raw.AxisTitle(1));
    }

    [Fact]
    public void Pca_projection_round_trips_a_point_through_all_components()
    {
        var space = Space();
        var pca = PcaProjection.Fit(space);
        var point = space.MuOf(10);

        var back = pca.InverseTransform(pca.Transform(point, 3));

        Assert.All(point.Zip(back), p => Assert.Equal(p.First, p.Second, 4));
        Assert.True(pca.ExplainedVarianceRatio[0] > 0.8);
        Assert.Equal("PC1", pca.AxisTitle(0));
    }

    [Fact]
    public void Class_statistics_give_mean_std_and_global_range_per_component()
    {
        float[] coordinates = [0, 10, 2, 10, 4, 20, 100, -5];
        byte[] labels = [0, 0, 1, 2];

        var stats = ComponentStatistics.Compute(coordinates, labels, components: 2, classCount: 3);

        Assert.Equal(1, stats.Mean[0, 0]);
        Assert.Equal(10, stats.Mean[0, 1]);
        Assert.Equal(1, stats.Std[0, 0]);
        Assert.Equal(0, stats.Std[0, 1]);
        Assert.Equal(4, stats.Mean[1, 0]);
        Assert.Equal([0.0, -5.0], stats.Min);
        Assert.Equal([100.0, 20.0], stats.Max);
    }
}

using LatentDash.Models.Latent;

namespace LatentDash.Models.Tests.Latent;

public class PcaTests
{
    // Lindsay Smith's PCA tutorial data, whose covariance eigen-decomposition is published.
    private static readonly float[] Tutorial =
    [
        2.5f, 2.4f, 0.5f, 0.7f, 2.2f, 2.9f, 1.9f, 2.2f, 3.1f, 3.0f,
        2.3f, 2.7f, 2.0f, 1.6f, 1.0f, 1.1f, 1.5f, 1.6f, 1.1f, 0.9f,
    ];

    [Fact]
    public void Fit_matches_the_published_eigen_decomposition()
    {
        var pca = Pca.Fit(Tutorial, rows: 10, dimensions: 2);

        Assert.Equal(1.28402771, pca.ExplainedVariance[0], 6);
        Assert.Equal(0.0490833989, pca.ExplainedVariance[1], 6);
        Assert.Equal(1.28402771 / (1.28402771 + 0.0490833989), pca.ExplainedVarianceRatio[0], 6);
        Assert.Equal(1.0, pca.ExplainedVarianceRatio.Sum(), 9);
        // The published axes up to sign; ours are signed so the largest loading is positive.
        Assert.Equal(0.677873399, pca.Component(0)[0], 6);
        Assert.Equal(0.735178656, pca.Component(0)[1], 6);
        Assert.Equal(Math.Abs(0.735178656), Math.Abs(pca.Component(1)[0]), 6);
        Assert.Equal(0.735178656, Math.Max(pca.Component(1)[0], pca.Component(1)[1]), 6);
    }

    [Fact]
    public void Transform_gives_the_published_projection_of_the_first_point()
    {
        var pca = Pca.Fit(Tutorial, rows: 10, dimensions: 2);
        var projected = pca.Transform(Tutorial, rows: 10, components: 2);

        // First point centred (0.69, 0.49) on the first axis: 0.69·0.6779 + 0.49·0.7352 = 0.827970186.
        Assert.Equal(0.827970186, projected[0], 5);
        Assert.Equal(0.175115307, Math.Abs(projected[1]), 5);
    }

    [Fact]
    public void Inverse_of_all_components_recovers_the_input()
    {
        var random = new Random(3);
        var data = Enumerable.Range(0, 200 * 5).Select(_ => (float)random.NextDouble()).ToArray();
        var pca = Pca.Fit(data, 200, 5);

        var point = data.AsSpan(5 * 17, 5).ToArray().Select(v => (double)v).ToArray();
        var back = pca.InverseTransform(pca.Transform(point, 5));

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(point[i], back[i], 5);
        }
    }

    [Fact]
    public void Variance_sorts_largest_first_and_axes_are_orthonormal()
    {
        var random = new Random(5);
        var data = new float[500 * 4];
        for (var r = 0; r < 500; r++)
        {
            data[(r * 4) + 0] = (float)(random.NextDouble() * 10);
            data[(r * 4) + 1] = (float)(random.NextDouble() * 0.1);
            data[(r * 4) + 2] = (float)(random.NextDouble() * 3);
            data[(r * 4) + 3] = data[(r * 4) + 2] + (float)(random.NextDouble() * 0.01);
        }

        var pca = Pca.Fit(data, 500, 4);

        Assert.True(pca.ExplainedVariance.Zip(pca.ExplainedVariance.Skip(1)).All(p => p.First >= p.Second));
        for (var a = 0; a < 4; a++)
        {
            for (var b = 0; b < 4; b++)
            {
                var dot = pca.Component(a).Zip(pca.Component(b)).Sum(p => p.First * p.Second);
                Assert.Equal(a == b ? 1.0 : 0.0, dot, 9);
            }
        }
    }

    [Fact]
    public void Out_of_range_component_counts_are_rejected()
    {
        var pca = Pca.Fit(Tutorial, 10, 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => pca.Transform(Tutorial, 10, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => pca.InverseTransform([1.0, 2.0, 3.0]));
    }

    [Fact]
    public void Axes_are_signed_by_their_largest_loading_whatever_the_data_sign()
    {
        var mirrored = Tutorial.Select(v => -v).ToArray();
        var random = new Random(3);
        var wide = Enumerable.Range(0, 500 * 6).Select(_ => (float)random.NextDouble()).ToArray();

        foreach (var pca in new[] { Pca.Fit(Tutorial, 10, 2), Pca.Fit(mirrored, 10, 2), Pca.Fit(wide, 500, 6) })
        {
            for (var k = 0; k < pca.Dimensions; k++)
            {
                var axis = pca.Component(k);
                Assert.True(axis.MaxBy(Math.Abs) > 0, $"axis {k} has its largest loading negative");
            }
        }

        Assert.Equal(Pca.Fit(wide, 500, 6).Component(5), Pca.Fit(wide, 500, 6).Component(5));
    }
}

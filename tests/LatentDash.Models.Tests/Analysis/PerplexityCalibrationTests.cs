using LatentDash.Models.Analysis;
using LatentDash.Models.Tests.Support;

namespace LatentDash.Models.Tests.Analysis;

/// <summary>t-SNE's per-point bandwidths give each conditional distribution exactly the asked perplexity.</summary>
public sealed class PerplexityCalibrationTests
{
    [Theory]
    [InlineData(5.0)]
    [InlineData(30.0)]
    public void Every_row_has_entropy_log2_perplexity_bits(double perplexity)
    {
        var (points, _) = Blobs.Create(3, 40, 10, 4, seed: 1);

        var p = PerplexityCalibration.Conditional(points, 120, 10, perplexity);

        for (var i = 0; i < 120; i++)
        {
            var row = p.AsSpan(i * 120, 120);
            var entropyBits = 0.0;
            foreach (var value in row)
            {
                entropyBits -= value > 0 ? value * Math.Log2(value) : 0;
            }

            Assert.Equal(Math.Log2(perplexity), entropyBits, 1e-3);
            Assert.Equal(1.0, row.ToArray().Sum(), 1e-9);
            Assert.Equal(0.0, row[i]);
        }
    }

    [Fact]
    public void Nearer_points_get_more_probability()
    {
        // Points on a line at 0, 1, 2, 4, 8: from the first, probability falls with distance.
        float[] points = [0, 1, 2, 4, 8];

        var p = PerplexityCalibration.Conditional(points, 5, 1, 2);

        Assert.True(p[1] > p[2] && p[2] > p[3] && p[3] > p[4], string.Join(", ", p.Take(5)));
    }

    [Fact]
    public void A_perplexity_beyond_the_points_is_refused()
    {
        float[] points = [0, 1, 2, 4, 8];

        Assert.Throws<ArgumentOutOfRangeException>(() => PerplexityCalibration.Conditional(points, 5, 1, 4));
    }
}

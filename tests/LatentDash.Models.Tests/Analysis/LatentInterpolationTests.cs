using LatentDash.Models.Analysis;

namespace LatentDash.Models.Tests.Analysis;

public class LatentInterpolationTests
{
    private static readonly double[] From = [0.3, -1.2, 2.5];
    private static readonly double[] To = [-0.7, 0.4, 1.1];

    private static double Norm(ReadOnlySpan<float> v)
    {
        double sum = 0;
        foreach (var x in v)
        {
            sum += (double)x * x;
        }

        return Math.Sqrt(sum);
    }

    [Theory]
    [InlineData(InterpolationPath.Linear)]
    [InlineData(InterpolationPath.Slerp)]
    public void The_first_and_last_points_are_exactly_the_two_ends(InterpolationPath path)
    {
        var points = LatentInterpolation.Points(From, To, 10, path);

        Assert.Equal(10 * 3, points.Length);
        Assert.Equal(From.Select(v => (float)v), points[..3]);
        Assert.Equal(To.Select(v => (float)v), points[^3..]);
    }

    [Fact]
    public void The_linear_midpoint_is_the_average_and_steps_are_equal()
    {
        var points = LatentInterpolation.Points(From, To, 5, InterpolationPath.Linear);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal((From[i] + To[i]) / 2, points[(2 * 3) + i], 6);
            Assert.Equal((To[i] - From[i]) / 4, points[3 + i] - points[i], 5);
        }
    }

    [Fact]
    public void Slerp_keeps_the_norm_when_both_ends_have_equal_norm()
    {
        double[] a = [3, 0, 4];
        double[] b = [0, 5, 0];

        var points = LatentInterpolation.Points(a, b, 11, InterpolationPath.Slerp);

        for (var s = 0; s < 11; s++)
        {
            Assert.Equal(5, Norm(points.AsSpan(s * 3, 3)), 5);
        }

        // The line between them cuts inside the sphere.
        var line = LatentInterpolation.Points(a, b, 11, InterpolationPath.Linear);
        Assert.True(Norm(line.AsSpan(5 * 3, 3)) < 4);
    }

    [Fact]
    public void Slerp_moves_at_a_constant_angle_per_step()
    {
        double[] a = [1, 0];
        double[] b = [0, 1];

        var points = LatentInterpolation.Points(a, b, 4, InterpolationPath.Slerp);

        for (var s = 0; s < 4; s++)
        {
            Assert.Equal(s * Math.PI / 6, Math.Atan2(points[(s * 2) + 1], points[s * 2]), 5);
        }
    }

    [Fact]
    public void Slerp_between_parallel_vectors_falls_back_to_the_line()
    {
        double[] a = [1, 2];
        double[] b = [2, 4];

        Assert.Equal(
            LatentInterpolation.Points(a, b, 5, InterpolationPath.Linear),
            LatentInterpolation.Points(a, b, 5, InterpolationPath.Slerp));
        Assert.All(LatentInterpolation.Points([0, 0], b, 3, InterpolationPath.Slerp), v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Vectors_of_different_lengths_or_fewer_than_two_steps_are_refused()
    {
        Assert.Throws<ArgumentException>(() => LatentInterpolation.Points([1, 2], [1, 2, 3], 5, InterpolationPath.Linear));
        Assert.Throws<ArgumentOutOfRangeException>(() => LatentInterpolation.Points(From, To, 1, InterpolationPath.Linear));
    }
}

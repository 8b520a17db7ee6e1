namespace LatentDash.Models.Analysis;

/// <summary>Active units as Burda et al. define them: a latent dimension is active when the variance over the data of
/// its posterior mean, Var_x(μ_j(x)), exceeds a threshold (0.01). Inactive dimensions have collapsed to the prior.</summary>
public sealed record ActiveUnits(int Count, IReadOnlyList<double> Variances, double Threshold)
{
    public const double DefaultThreshold = 0.01;

    /// <summary>Counts the active dimensions of row-major means (count × dimensions); the variance is the population one.</summary>
    public static ActiveUnits Compute(ReadOnlySpan<float> mu, int dimensions, double threshold = DefaultThreshold)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        var rows = mu.Length / dimensions;
        if (rows * dimensions != mu.Length || rows == 0)
        {
            throw new ArgumentException($"{mu.Length} means do not make whole rows of {dimensions}");
        }

        var mean = new double[dimensions];
        var square = new double[dimensions];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < dimensions; j++)
            {
                double v = mu[(i * dimensions) + j];
                mean[j] += v;
                square[j] += v * v;
            }
        }

        var variances = new double[dimensions];
        for (var j = 0; j < dimensions; j++)
        {
            var m = mean[j] / rows;
            variances[j] = Math.Max(0, (square[j] / rows) - (m * m));
        }

        return new ActiveUnits(variances.Count(v => v > threshold), variances, threshold);
    }
}

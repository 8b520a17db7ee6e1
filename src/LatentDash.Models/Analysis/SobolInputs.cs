namespace LatentDash.Models.Analysis;

/// <summary>How each latent dimension is drawn for a Sobol design: functions of (generator, dimension) for
/// <see cref="SobolDesign.Create"/>. Every dimension is drawn independently of the others: Sobol's decomposition of
/// the variance assumes independent inputs.</summary>
public static class SobolInputs
{
    /// <summary>The prior N(0, 1) on every dimension (Box–Muller on the seeded generator).</summary>
    public static Func<Random, int, double> Prior { get; } = (random, _) => StandardNormal(random);

    /// <summary>Each dimension's aggregate-posterior marginal, as the data shows it: a value of μ_j drawn uniformly
    /// from the <paramref name="count"/> encoded images (row-major μ, count × dimensions), each dimension from its own
    /// image. Resampling keeps the marginal's shape (several class clusters, a skew) where N(mean, var) of μ_j would
    /// smooth it into one bump; drawing the dimensions from different images drops their dependence, which Sobol's
    /// decomposition needs.</summary>
    public static Func<Random, int, double> Marginals(float[] mu, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(mu);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        var count = mu.Length / dimensions;
        if (count == 0 || mu.Length % dimensions != 0)
        {
            throw new ArgumentException($"{mu.Length} values are not whole rows of {dimensions}", nameof(mu));
        }

        return (random, dimension) => mu[(random.Next(count) * dimensions) + dimension];
    }

    /// <summary>Uniform on [low, high) in every dimension (the Ishigami function's inputs).</summary>
    public static Func<Random, int, double> Uniform(double low, double high) =>
        (random, _) => low + ((high - low) * random.NextDouble());

    /// <summary>The centre of the inputs: 0 under the prior, the mean of μ under the marginals.</summary>
    public static double[] Centre(SobolDistribution distribution, float[] mu, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(mu);
        var centre = new double[dimensions];
        if (distribution == SobolDistribution.Prior)
        {
            return centre;
        }

        var count = mu.Length / dimensions;
        for (var r = 0; r < count; r++)
        {
            for (var j = 0; j < dimensions; j++)
            {
                centre[j] += mu[(r * dimensions) + j] / (double)count;
            }
        }

        return centre;
    }

    private static double StandardNormal(Random random)
    {
        // 1 − U avoids log(0).
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}

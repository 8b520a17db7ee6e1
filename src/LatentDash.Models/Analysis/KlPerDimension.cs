namespace LatentDash.Models.Analysis;

/// <summary>The KL divergence of each dimension's posterior N(μ, σ²) from the prior N(0, 1), averaged over the data, in
/// nats: ½ (μ² + σ² − 1 − log σ²). The sum over dimensions is the KL term of the loss; a dimension near zero carries no
/// information about the image.</summary>
public static class KlPerDimension
{
    public static double[] Compute(ReadOnlySpan<float> mu, ReadOnlySpan<float> logVar, int dimensions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        if (mu.Length != logVar.Length || mu.Length % dimensions != 0 || mu.IsEmpty)
        {
            throw new ArgumentException($"{mu.Length} means and {logVar.Length} log variances do not make whole rows of {dimensions}");
        }

        var rows = mu.Length / dimensions;
        var kl = new double[dimensions];
        for (var i = 0; i < mu.Length; i++)
        {
            double m = mu[i], lv = logVar[i];
            kl[i % dimensions] += 0.5 * ((m * m) + Math.Exp(lv) - 1 - lv);
        }

        for (var j = 0; j < dimensions; j++)
        {
            kl[j] /= rows;
        }

        return kl;
    }
}

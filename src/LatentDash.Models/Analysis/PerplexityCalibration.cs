using static TorchSharp.torch;

namespace LatentDash.Models.Analysis;

/// <summary>t-SNE's input affinities: for every point, the Gaussian bandwidth whose conditional distribution over the
/// other points has the asked perplexity (entropy log₂ perplexity bits), found by binary search on the precision
/// β = 1/(2σ²) as in van der Maaten's reference — done for all rows at once on an N×N tensor.</summary>
public static class PerplexityCalibration
{
    /// <summary>Largest entropy error accepted, in nats (the search stops earlier for no row).</summary>
    public const double Tolerance = 1e-6;

    private const int MaxSteps = 200;

    /// <summary>The conditional probabilities p(j|i), row-major count × count (rows sum to 1, the diagonal is 0), of
    /// <paramref name="count"/> points of <paramref name="dimensions"/> values.</summary>
    public static double[] Conditional(ReadOnlySpan<float> points, int count, int dimensions, double perplexity)
    {
        Check(points.Length, count, dimensions, perplexity);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = tensor(points.ToArray()).reshape(count, dimensions).to_type(ScalarType.Float64);
        return Conditional(SquaredDistances(x), perplexity).data<double>().ToArray();
    }

    /// <summary>Squared Euclidean distances between the rows of <paramref name="x"/>, N×N, with an exact 0 diagonal.</summary>
    internal static Tensor SquaredDistances(Tensor x)
    {
        var norms = x.square().sum(1);
        var d = addmm(norms.unsqueeze(1) + norms.unsqueeze(0), x, x.t(), beta: 1, alpha: -2).clamp_min_(0);
        d.diagonal().fill_(0);
        return d;
    }

    /// <summary>p(j|i) of the given N×N squared distances (float64 for the search), N×N.</summary>
    internal static Tensor Conditional(Tensor squaredDistances, double perplexity)
    {
        var n = squaredDistances.shape[0];
        var target = Math.Log(perplexity);
        var diagonal = eye(n, dtype: ScalarType.Bool);
        // Shifting each row by its smallest distance to another point changes no probability and keeps exp() in range
        // for the large precisions of dense neighbourhoods.
        var offDiagonal = squaredDistances.masked_fill(diagonal, double.PositiveInfinity);
        var shifted = (squaredDistances - offDiagonal.amin([1], keepdim: true)).masked_fill_(diagonal, double.PositiveInfinity);
        var beta = ones(n, 1, dtype: ScalarType.Float64);
        var low = zeros(n, 1, dtype: ScalarType.Float64);
        var high = full(n, 1, double.PositiveInfinity, dtype: ScalarType.Float64);
        Tensor p = shifted;
        for (var step = 0; step < MaxSteps; step++)
        {
            using var stepScope = NewDisposeScope();
            var (probabilities, entropy) = Row(shifted, beta);
            var error = entropy - target;
            if (error.abs().max().item<double>() < Tolerance)
            {
                p = probabilities.MoveToOuterDisposeScope();
                break;
            }

            // Too flat (entropy above target): sharpen, raising β; too peaked: lower it. Doubling or halving until
            // the target is bracketed, then bisection.
            var tooFlat = error > 0;
            low.copy_(where(tooFlat, beta, low));
            high.copy_(where(tooFlat, high, beta));
            var up = where(high.isinf(), beta * 2, (beta + high) / 2);
            var down = (beta + low) / 2;
            beta.copy_(where(tooFlat, up, down));
            if (step == MaxSteps - 1)
            {
                p = Row(shifted, beta).Probabilities.MoveToOuterDisposeScope();
            }
        }

        return p;
    }

    private static (Tensor Probabilities, Tensor Entropy) Row(Tensor shifted, Tensor beta)
    {
        var weighted = shifted * beta;
        var p = (-weighted).exp();
        var sum = p.sum(1, keepdim: true);
        p = p / sum;
        // H = log Σ exp(−β d) + β Σ d p, in nats; the infinite diagonal contributes 0 · ∞, masked out.
        var entropy = sum.log() + (weighted.nan_to_num(0, 0, 0) * p).sum(1, keepdim: true);
        return (p, entropy);
    }

    internal static void Check(int length, int count, int dimensions, double perplexity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 3);
        if (length != count * dimensions)
        {
            throw new ArgumentException($"{length} values are not {count} points of {dimensions}");
        }

        if (!(perplexity >= 1) || perplexity >= count - 1)
        {
            throw new ArgumentOutOfRangeException(nameof(perplexity), perplexity, $"perplexity must be in [1, {count - 1}) for {count} points");
        }
    }
}

using TorchSharp;
using static TorchSharp.torch;

namespace LatentDash.Models.Analysis;

/// <summary>t-SNE's input affinities: for every point, the Gaussian bandwidth whose conditional distribution over its
/// neighbours has the asked perplexity (entropy log₂ perplexity bits), found by binary search on the precision
/// β = 1/(2σ²) as in van der Maaten's reference — for all rows at once, as tensor operations.</summary>
/// <remarks>As in van der Maaten's Barnes–Hut code and openTSNE, each row is restricted to its ⌊3·perplexity⌋ nearest
/// neighbours: beyond them a Gaussian of that perplexity leaves well under 10⁻¹⁰ of the mass, and the search on
/// N × 3·perplexity distances costs nothing next to the N × N optimisation that follows.</remarks>
public static class PerplexityCalibration
{
    /// <summary>Largest entropy error accepted per row, in nats (van der Maaten's tolerance).</summary>
    public const double Tolerance = 1e-5;

    private const int MaxSteps = 200;

    /// <summary>The conditional probabilities p(j|i), row-major count × count (rows sum to 1, the diagonal is 0), of
    /// <paramref name="count"/> points of <paramref name="dimensions"/> values.</summary>
    public static double[] Conditional(ReadOnlySpan<float> points, int count, int dimensions, double perplexity)
    {
        Check(points.Length, count, dimensions, perplexity);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return Conditional(points, count, dimensions, perplexity, ScalarType.Float64).data<double>().ToArray();
    }

    /// <summary>p(j|i) as a dense count × count tensor of the given type.</summary>
    internal static Tensor Conditional(ReadOnlySpan<float> points, int count, int dimensions, double perplexity, ScalarType type)
    {
        var k = Neighbours(count, perplexity);
        var graph = NearestNeighbourGraph.Build(points, count, dimensions, k);
        var squared = tensor(graph.Distances, [count, k]).to_type(ScalarType.Float64).Squared();
        var rows = Calibrate(squared, perplexity);
        var indices = tensor(graph.Indices, [count, k]).to_type(ScalarType.Int64);
        return zeros(count, count, dtype: type).scatter_(1, indices, rows.to_type(type));
    }

    /// <summary>Neighbours kept per row: ⌊3·perplexity⌋, or every other point when there are fewer.</summary>
    public static int Neighbours(int count, double perplexity) => Math.Min(count - 1, (int)Math.Floor(3 * perplexity));

    /// <summary>Normalised rows over the given N × k squared distances (float64), each of entropy log perplexity nats.</summary>
    private static Tensor Calibrate(Tensor squared, double perplexity)
    {
        var n = squared.shape[0];
        using var target = Math.Log(perplexity).ToScalar();
        // Shifting each row by its smallest distance changes no probability and keeps exp() in range for the large
        // precisions of dense neighbourhoods.
        var shifted = squared - squared.amin([1], keepdim: true);
        var beta = ones(n, 1, dtype: ScalarType.Float64);
        var low = zeros(n, 1, dtype: ScalarType.Float64);
        var high = full(n, 1, HeldScalars.PositiveInfinity, dtype: ScalarType.Float64);
        for (var step = 0; ; step++)
        {
            using var stepScope = NewDisposeScope();
            var (probabilities, entropy) = Row(shifted, beta);
            var error = entropy.sub(target);
            if (step == MaxSteps || error.abs().max().item<double>() < Tolerance)
            {
                return probabilities.MoveToOuterDisposeScope();
            }

            // Too flat (entropy above target): sharpen, raising β; too peaked: lower it. Doubling or halving until
            // the target is bracketed, then bisection.
            var tooFlat = error.gt(HeldScalars.Zero);
            low.copy_(where(tooFlat, beta, low));
            high.copy_(where(tooFlat, high, beta));
            var up = where(high.isinf(), beta.mul(HeldScalars.Two), beta.Plus(high).div(HeldScalars.Two));
            var down = beta.Plus(low).div(HeldScalars.Two);
            beta.copy_(where(tooFlat, up, down));
        }
    }

    private static (Tensor Probabilities, Tensor Entropy) Row(Tensor shifted, Tensor beta)
    {
        var weighted = shifted * beta;
        var p = (-weighted).exp();
        var sum = p.sum(1, keepdim: true);
        p = p / sum;
        // H = log Σ exp(−β d) + β Σ d p, in nats.
        var entropy = sum.log().Plus((weighted * p).sum(1, keepdim: true));
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

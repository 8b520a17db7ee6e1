using TorchSharp;
using static TorchSharp.torch;

namespace LatentDash.Models.Analysis;

/// <summary>Exact t-SNE of row vectors into two dimensions: perplexity-calibrated affinities
/// (<see cref="PerplexityCalibration"/>), symmetrised, then gradient descent on the KL divergence with early
/// exaggeration, momentum and per-coordinate gains as in van der Maaten's reference. Every step is a few N×N tensor
/// operations: quadratic in memory and time, meant for a few thousand points.</summary>
public static class Tsne
{
    /// <summary>Most points accepted: the N×N matrices of 5,000 points already take 100 MB each.</summary>
    public const int MaxPoints = 5000;

    private const double InitialMomentum = 0.5;
    private const double FinalMomentum = 0.8;
    private const double MinGain = 0.01;

    /// <summary>The embedding, count × 2 row-major, of <paramref name="count"/> points of <paramref name="dimensions"/>
    /// values. The same input, options and thread count give the same embedding.</summary>
    public static float[] Fit(
        ReadOnlySpan<float> points, int count, int dimensions, TsneOptions options,
        IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        PerplexityCalibration.Check(points.Length, count, dimensions, options.Perplexity);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxPoints);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var conditional = PerplexityCalibration.Conditional(points, count, dimensions, options.Perplexity, ScalarType.Float32);
        // Symmetric joint probabilities, floored as the reference does so that no log or division meets a zero.
        using var pairs = (2.0f * count).ToScalar();
        using var floor = 1e-12f.ToScalar();
        var p = conditional.Plus(conditional.t()).div(pairs).clamp_min_(floor);
        p.diagonal().fill_(HeldScalars.Zero);
        progress?.Report(0.05);

        var generator = new Generator((ulong)options.Seed);
        using var spread = 1e-4f.ToScalar();
        var y = randn(count, 2, generator: generator).mul(spread);
        var velocity = zeros(count, 2);
        var gains = ones(count, 2);
        using var rate = options.LearningRateFor(count).ToScalar();
        using var exaggeration = options.Exaggeration.ToScalar();
        using var initialMomentum = InitialMomentum.ToScalar();
        using var finalMomentum = FinalMomentum.ToScalar();
        using var minGain = MinGain.ToScalar();
        using var shrink = 0.8f.ToScalar();
        using var grow = 0.2f.ToScalar();
        var exaggerated = options.ExaggerationIterations > 0;
        if (exaggerated)
        {
            p.mul_(exaggeration);
        }

        for (var iteration = 0; iteration < options.Iterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (exaggerated && iteration == options.ExaggerationIterations)
            {
                p.div_(exaggeration);
                exaggerated = false;
            }

            using var step = NewDisposeScope();
            var gradient = Gradient(p, y);
            var momentum = iteration < options.ExaggerationIterations ? initialMomentum : finalMomentum;
            // Gains grow where the gradient keeps pointing against the last step, and shrink where it turned.
            var sameSign = gradient.gt(HeldScalars.Zero).eq(velocity.gt(HeldScalars.Zero));
            gains.copy_(where(sameSign, gains.mul(shrink), gains.Plus(grow)).clamp_min_(minGain));
            velocity.mul_(momentum).sub_((gains * gradient).mul(rate));
            y.Plus_(velocity);
            y.sub_(y.mean([0], keepdim: true));
            if (iteration % 10 == 9)
            {
                progress?.Report(0.05 + (0.95 * (iteration + 1) / options.Iterations));
            }
        }

        return y.data<float>().ToArray();
    }

    /// <summary>∂KL/∂y_i = 4 Σ_j (p_ij − q_ij)(1 + |y_i − y_j|²)⁻¹ (y_i − y_j), for all i at once.</summary>
    private static Tensor Gradient(Tensor p, Tensor y)
    {
        var norms = y.Squared().sum(1);
        var kernel = addmm(norms.Plus(HeldScalars.One).unsqueeze(1).Plus(norms.unsqueeze(0)), y, y.t(),
            beta: 1, alpha: -2).reciprocal_();
        kernel.diagonal().fill_(HeldScalars.Zero);
        var z = kernel.sum();
        // (p − q) ∘ kernel with q = kernel / Z, built in place to keep to two N×N buffers.
        var weights = p * kernel;
        weights.sub_(kernel.pow_(HeldScalars.Two).div_(z));
        using var four = 4.ToScalar();
        return ((weights.sum(1, keepdim: true) * y) - weights.mm(y)).mul(four);
    }
}

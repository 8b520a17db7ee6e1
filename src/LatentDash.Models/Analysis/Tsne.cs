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
        var p = ((conditional + conditional.t()) / (2.0f * count)).clamp_min_(1e-12f);
        p.diagonal().fill_(0);
        progress?.Report(0.05);

        var generator = new Generator((ulong)options.Seed);
        var y = randn(count, 2, generator: generator) * 1e-4f;
        var velocity = zeros(count, 2);
        var gains = ones(count, 2);
        var rate = options.LearningRateFor(count);
        var exaggerated = options.ExaggerationIterations > 0;
        if (exaggerated)
        {
            p.mul_(options.Exaggeration);
        }

        for (var iteration = 0; iteration < options.Iterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (exaggerated && iteration == options.ExaggerationIterations)
            {
                p.div_(options.Exaggeration);
                exaggerated = false;
            }

            using var step = NewDisposeScope();
            var gradient = Gradient(p, y);
            var momentum = iteration < options.ExaggerationIterations ? InitialMomentum : FinalMomentum;
            // Gains grow where the gradient keeps pointing against the last step, and shrink where it turned.
            var sameSign = gradient.gt(0).eq(velocity.gt(0));
            gains.copy_(where(sameSign, gains * 0.8f, gains + 0.2f).clamp_min_(MinGain));
            velocity.mul_(momentum).sub_(gains * gradient * rate);
            y.add_(velocity);
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
        var norms = y.square().sum(1);
        var kernel = addmm((norms + 1).unsqueeze(1) + norms.unsqueeze(0), y, y.t(), beta: 1, alpha: -2).reciprocal_();
        kernel.diagonal().fill_(0);
        var z = kernel.sum();
        // (p − q) ∘ kernel with q = kernel / Z, built in place to keep to two N×N buffers.
        var weights = p * kernel;
        weights.sub_(kernel.pow_(2).div_(z));
        return 4 * ((weights.sum(1, keepdim: true) * y) - weights.mm(y));
    }
}

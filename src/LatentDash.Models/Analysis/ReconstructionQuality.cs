using LatentDash.Models.Networks;
using LatentDash.Models.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace LatentDash.Models.Analysis;

/// <summary>How well a model reconstructs a dataset: per-pixel mean squared error of the decode of μ and of one sample
/// z ~ q(z|x), the PSNR of the decode of μ (pixels in [0, 1]), and the negative ELBO in nats per image with β = 1 under
/// the Gaussian likelihood the loss implies — the loss's 1000 × mean squared error per image is Σ(x − x̂)² / 2σ² with
/// σ² = H·W / 2000 — including its normalising constant (D/2)·ln(2πσ²), so that models of any β compare.</summary>
public sealed record ReconstructionQuality(double MseOfMean, double MseOfSample, double PsnrOfMean, double NegativeElbo, double Kl)
{
    public static ReconstructionQuality Evaluate(VaeModel model, ImageTensors data, long seed, int batchSize = 500)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(data.Count, 1);
        using var sums = new Sums(model, seed);
        model.eval();
        using (no_grad())
        {
            for (var start = 0; start < data.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var n = Math.Min(batchSize, data.Count - start);
                var images = data.Images.narrow(0, start, n);
                var labels = data.Labels.narrow(0, start, n);
                var (mu, logVar) = model.Encode(images, labels);
                sums.Add(images, labels, mu, logVar);
            }
        }

        return sums.Result();
    }

    /// <summary>The running sums behind the quality, fed one encoded batch at a time (in eval mode, without gradients,
    /// inside the caller's dispose scope), so that a pass that encodes the images for other reasons need not encode
    /// them again. z is drawn from a generator seeded once, so the same batches give the same result.</summary>
    internal sealed class Sums(VaeModel model, long seed) : IDisposable
    {
        private readonly Generator generator = new Generator().manual_seed(seed);
        private double meanError, sampleError, kl;
        private long count, pixelsPerImage;

        public void Add(Tensor images, Tensor labels, Tensor mu, Tensor logVar)
        {
            var n = images.shape[0];
            var z = VaeModel.Reparameterize(mu, logVar, generator);
            // One decode of μ and z together: half the calls, and twice the batch for torch's threads to share.
            var decoded = model.Decode(cat([mu, z]), model.DecoderNeedsLabels ? cat([labels, labels]) : null);
            // Sums over the batch, so the means below weigh every image alike whatever the batch sizes.
            meanError += (decoded.narrow(0, 0, n) - images).Squared().sum().item<float>();
            sampleError += (decoded.narrow(0, n, n) - images).Squared().sum().item<float>();
            using var batch = n.ToScalar();
            kl += VaeModel.KlDivergence(mu, logVar).mul(batch).item<float>();
            count += n;
            pixelsPerImage = images.shape[1] * images.shape[2] * images.shape[3];
        }

        public ReconstructionQuality Result()
        {
            var pixels = (double)count * pixelsPerImage;
            var mseOfMean = meanError / pixels;
            var mseOfSample = sampleError / pixels;
            var klPerImage = kl / count;
            var variance = pixelsPerImage / (2 * VaeModel.ReconstructionScale);
            var negativeLogLikelihood = (sampleError / count / (2 * variance)) + (pixelsPerImage / 2.0 * Math.Log(2 * Math.PI * variance));
            return new ReconstructionQuality(
                mseOfMean, mseOfSample, 10 * Math.Log10(1 / Math.Max(mseOfMean, 1e-12)), negativeLogLikelihood + klPerImage, klPerImage);
        }

        public void Dispose() => generator.Dispose();
    }
}

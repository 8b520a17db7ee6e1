using LatentDash.Models.Data;
using LatentDash.Models.Networks;
using LatentDash.Models.Training;
using static TorchSharp.torch;

namespace LatentDash.Models.Latent;

/// <summary>Encodes a dataset into a <see cref="LatentSpace"/> in eval mode without gradients, one dispose scope and
/// one host copy per batch. The conditional VAE needs the true labels to encode, so they are passed along.</summary>
public static class LatentEncoder
{
    public static LatentSpace Encode(VaeModel model, ImageTensors data, IReadOnlyList<string> classNames, int batchSize = 500)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        var (mu, logVar) = EncodeInBatches(
            model, data.Count, batchSize, (start, n) => model.Encode(data.Images.narrow(0, start, n), data.Labels.narrow(0, start, n)), null, CancellationToken.None);
        using var labelScope = NewDisposeScope();
        var labels = data.Labels.to(ScalarType.Byte).data<byte>().ToArray();
        return new LatentSpace(mu, logVar, labels, model.Config.LatentDim, classNames);
    }

    /// <summary>Encodes images held as bytes, turning one batch at a time into a tensor (a training set as floats would
    /// cost ~190 MB at once), reporting progress and stopping between batches when cancelled.</summary>
    public static LatentSpace Encode(
        VaeModel model, ImageSet images, IReadOnlyList<string> classNames, IProgress<double>? progress, CancellationToken cancellationToken, int batchSize = 500)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        var (mu, logVar) = EncodeInBatches(model, images.Count, batchSize, (start, n) =>
        {
            var pixels = images.Pixels.AsSpan(start * images.ImageSize, n * images.ImageSize).ToArray();
            using var batch = ImageTensors.Create(pixels, images.Labels.AsSpan(start, n).ToArray(), images.Channels, images.Height, images.Width);
            return model.Encode(batch.Images, batch.Labels);
        }, progress, cancellationToken);
        return new LatentSpace(mu, logVar, [.. images.Labels], model.Config.LatentDim, classNames);
    }

    /// <summary>The loop both overloads share: eval mode, no gradients, one dispose scope and one host copy per batch of
    /// <paramref name="encodeBatch"/>(start, count)'s μ and log σ².</summary>
    private static (float[] Mu, float[] LogVar) EncodeInBatches(
        VaeModel model, int count, int batchSize, Func<int, int, (Tensor Mu, Tensor LogVar)> encodeBatch, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var dimensions = model.Config.LatentDim;
        var mu = new float[count * dimensions];
        var logVar = new float[count * dimensions];
        model.eval();
        using (no_grad())
        {
            for (var start = 0; start < count; start += batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var n = Math.Min(batchSize, count - start);
                var (m, v) = encodeBatch(start, n);
                m.data<float>().CopyTo(mu, start * dimensions);
                v.data<float>().CopyTo(logVar, start * dimensions);
                progress?.Report((double)(start + n) / count);
            }
        }

        return (mu, logVar);
    }
}

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
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var dimensions = model.Config.LatentDim;
        var mu = new float[data.Count * dimensions];
        var logVar = new float[data.Count * dimensions];
        model.eval();
        using (no_grad())
        {
            for (var start = 0; start < data.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var n = Math.Min(batchSize, data.Count - start);
                var (m, v) = model.Encode(data.Images.narrow(0, start, n), data.Labels.narrow(0, start, n));
                m.data<float>().CopyTo(mu, start * dimensions);
                v.data<float>().CopyTo(logVar, start * dimensions);
            }
        }

        using var labelScope = NewDisposeScope();
        var labels = data.Labels.to(ScalarType.Byte).data<byte>().ToArray();
        return new LatentSpace(mu, logVar, labels, dimensions, classNames);
    }
    /// <summary>Encodes images held as bytes, turning one batch at a time into a tensor (a training set as floats would
    /// cost ~190 MB at once), reporting progress and stopping between batches when cancelled.</summary>
    public static LatentSpace Encode(
        VaeModel model, ImageSet images, IReadOnlyList<string> classNames, IProgress<double>? progress, CancellationToken cancellationToken, int batchSize = 500)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var dimensions = model.Config.LatentDim;
        var mu = new float[images.Count * dimensions];
        var logVar = new float[images.Count * dimensions];
        model.eval();
        using (no_grad())
        {
            for (var start = 0; start < images.Count; start += batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var n = Math.Min(batchSize, images.Count - start);
                var pixels = images.Pixels.AsSpan(start * images.ImageSize, n * images.ImageSize).ToArray();
                using var batch = ImageTensors.Create(pixels, images.Labels.AsSpan(start, n).ToArray(), images.Channels, images.Height, images.Width);
                var (m, v) = model.Encode(batch.Images, batch.Labels);
                m.data<float>().CopyTo(mu, start * dimensions);
                v.data<float>().CopyTo(logVar, start * dimensions);
                progress?.Report((double)(start + n) / images.Count);
            }
        }

        return new LatentSpace(mu, logVar, [.. images.Labels], dimensions, classNames);
    }
}

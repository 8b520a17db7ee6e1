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
}

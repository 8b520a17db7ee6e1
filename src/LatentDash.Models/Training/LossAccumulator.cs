using LatentDash.Models.Networks;
using static TorchSharp.torch;

namespace LatentDash.Models.Training;

/// <summary>Sums batch losses weighted by batch size, copying them to the host once per batch.</summary>
internal sealed class LossAccumulator(bool hasClassifier)
{
    private double loss;
    private double reconstruction;
    private double kl;
    private double classLoss;
    private double correct;

    public int Images { get; private set; }

    /// <summary>Adds one batch; returns its total loss so the caller can check it is finite.</summary>
    public double Add(VaeLoss batch, Tensor? classLogits, Tensor labels, int count)
    {
        using var scope = NewDisposeScope();
        var parts = new List<Tensor> { batch.Total.detach(), batch.Reconstruction.detach(), batch.Kl.detach() };
        if (hasClassifier && batch.Class is not null && classLogits is not null)
        {
            parts.Add(batch.Class.detach());
            parts.Add(classLogits.argmax(1).eq(labels).sum().to(ScalarType.Float32));
        }

        var values = stack(parts).to(ScalarType.Float64).data<double>().ToArray();
        loss += values[0] * count;
        reconstruction += values[1] * count;
        kl += values[2] * count;
        if (values.Length > 3)
        {
            classLoss += values[3] * count;
            correct += values[4];
        }

        Images += count;
        return values[0];
    }

    public LossSummary Summary()
    {
        var n = Math.Max(Images, 1);
        return new LossSummary(
            loss / n,
            reconstruction / n,
            kl / n,
            hasClassifier ? classLoss / n : null,
            hasClassifier ? correct / n : null);
    }
}

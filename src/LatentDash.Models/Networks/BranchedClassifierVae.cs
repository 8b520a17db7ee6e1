using TorchSharp;
using static TorchSharp.torch;

namespace LatentDash.Models.Networks;

/// <summary>A VAE with a classifier branch off the flattened encoder trunk; its cross-entropy is a third loss term.</summary>
public sealed class BranchedClassifierVae : VaeModel
{
    private readonly ClassifierHead classifier;
    private readonly double classLossWeight;

    public BranchedClassifierVae(BranchedVaeConfig config)
        : base(nameof(BranchedClassifierVae), config, config?.Channels ?? 0, config?.LatentDim ?? 0)
    {
        classifier = new ClassifierHead(Encoder.FeatureSize, config!.ClassCount);
        classLossWeight = config.ClassLossWeight;
        RegisterComponents();
    }

    public override bool HasClassifier => true;

    public override IReadOnlyList<(string Name, nn.Module Module)> Parts => [.. base.Parts, ("classifier", classifier)];

    public override VaeLoss Loss(VaeOutput output, Tensor images, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(output);
        var vae = base.Loss(output, images, labels);
        var classLoss = nn.functional.cross_entropy(output.ClassLogits!, labels);
        using var weight = classLossWeight.ToScalar();
        return vae with { Total = vae.Total.Plus(classLoss.mul(weight)), Class = classLoss };
    }

    protected override Tensor? ClassLogits(Tensor features) => classifier.call(features);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            classifier.Dispose();
        }

        base.Dispose(disposing);
    }
}

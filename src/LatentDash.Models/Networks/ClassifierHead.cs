using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LatentDash.Models.Networks;

/// <summary>The classifier branch: Dense(128, ReLU) → Dense(64, ReLU) → Dense(classes). It returns logits; the
/// softmax of the original is applied by <see cref="VaeModel.ClassProbabilities"/> and folded into the loss.</summary>
public sealed class ClassifierHead : nn.Module<Tensor, Tensor>
{
    private readonly Sequential layers;

    public ClassifierHead(int featureSize, int classCount) : base(nameof(ClassifierHead))
    {
        layers = nn.Sequential(
            ("dense1", nn.Linear(featureSize, 128)),
            ("act1", nn.ReLU()),
            ("dense2", nn.Linear(128, 64)),
            ("act2", nn.ReLU()),
            ("logits", nn.Linear(64, classCount)));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => layers.call(input);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            layers.Dispose();
        }

        base.Dispose(disposing);
    }
}

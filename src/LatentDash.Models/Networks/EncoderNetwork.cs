using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LatentDash.Models.Networks;

/// <summary>The convolutional encoder trunk and the dense layer that yields μ and log σ².</summary>
/// <remarks>Conv(32, k3, s2, valid) → BN → LeakyReLU(0.3) → Conv(64, k3, s2, valid) → BN → LeakyReLU → Flatten → Dense(2z).
/// Field names are the keys of saved weights: renaming one breaks models already on disk. Training and eval (from a
/// batch of <see cref="EvalPathMinimumBatch"/>) take faster paths with the same function: see <see cref="Features"/>.</remarks>
public sealed class EncoderNetwork : nn.Module<Tensor, Tensor>
{
    private readonly Sequential trunk;
    private readonly Linear latent;

    // The trunk's convolutions and BatchNorms as typed references for the training and eval paths. Not Modules, so
    // RegisterComponents leaves them alone: the saved weights' names stay those of the Sequential.
    private readonly (Conv2d Conv, BatchNorm2d Bn)[] folded;

    public EncoderNetwork(int inputChannels, int height, int width, int latentDim) : base(nameof(EncoderNetwork))
    {
        var h = ConvOut(ConvOut(height));
        var w = ConvOut(ConvOut(width));
        FeatureSize = 64 * h * w;
        folded =
        [
            (nn.Conv2d(inputChannels, 32, kernel_size: 3, stride: 2), nn.BatchNorm2d(32, eps: VaeModel.BatchNormEps, momentum: VaeModel.BatchNormMomentum)),
            (nn.Conv2d(32, 64, kernel_size: 3, stride: 2), nn.BatchNorm2d(64, eps: VaeModel.BatchNormEps, momentum: VaeModel.BatchNormMomentum)),
        ];
        trunk = nn.Sequential(
            ("conv1", folded[0].Conv),
            ("bn1", folded[0].Bn),
            ("act1", new LeakyRelu()),
            ("conv2", folded[1].Conv),
            ("bn2", folded[1].Bn),
            ("act2", new LeakyRelu()),
            ("flatten", nn.Flatten()));
        latent = nn.Linear(FeatureSize, 2L * latentDim);
        // The activations work in place on BatchNorm's output (its backward reads its input, not its output): the
        // same values without a fresh activation tensor per layer and step.
        RegisterComponents();
    }

    /// <summary>Length of the flattened trunk output (2304 for 28×28 input).</summary>
    public int FeatureSize { get; }

    /// <summary>The smallest batch that takes the eval path (as the decoder's: below it the per-call folding is not
    /// repaid).</summary>
    internal const int EvalPathMinimumBatch = DecoderNetwork.EvalPathMinimumBatch;

    /// <summary>The flattened trunk features, from which the latent layer and a classifier branch read.</summary>
    /// <remarks>In training the activations are channels-last from the first convolution's output on (BatchNorm's CPU
    /// kernels vectorise across channels on that layout and oneDNN needs no reorders; the flatten copies back to C·H·W
    /// order, so the dense layers see the features as before), and each convolution's bias is left to its BatchNorm's
    /// running mean (<see cref="BiasBeforeBatchNorm"/>). In eval mode, from a batch of <see cref="EvalPathMinimumBatch"/>,
    /// each BatchNorm is folded into the convolution before it (<see cref="BatchNormFold"/>; encoding 10,000 images:
    /// 0.71–0.78× the time at batch 500).</remarks>
    public Tensor Features(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (training)
        {
            return TrainFeatures(input);
        }

        if (input.shape[0] < EvalPathMinimumBatch)
        {
            return trunk.call(input);
        }

        using var scope = NewDisposeScope();
        var x = input;
        foreach (var (conv, bn) in folded)
        {
            var (weight, bias) = BatchNormFold.Fold(conv.weight!, conv.bias!, bn, outputAxis: 0);
            x = nn.functional.conv2d(x, weight, bias, conv.stride, conv.padding, conv.dilation).LeakyRelu_();
        }

        return x.flatten(1).MoveToOuterDisposeScope();
    }

    private Tensor TrainFeatures(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input;
        foreach (var (conv, bn) in folded)
        {
            var y = nn.functional.conv2d(x, conv.weight!, null, conv.stride, conv.padding, conv.dilation);
            x = BiasBeforeBatchNorm.Train(ChannelsLast.Of(y), conv.bias!, bn).LeakyRelu_();
        }

        return x.flatten(1).MoveToOuterDisposeScope();
    }

    /// <summary>The latent layer: μ and log σ² concatenated (2z wide).</summary>
    public Tensor Latent(Tensor features) => latent.call(features);

    public override Tensor forward(Tensor input) => Latent(Features(input));

    private static int ConvOut(int size) => ((size - 3) / 2) + 1;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            trunk.Dispose();
            latent.Dispose();
        }

        base.Dispose(disposing);
    }
}

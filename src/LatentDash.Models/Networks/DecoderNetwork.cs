using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LatentDash.Models.Networks;

/// <summary>The decoder: Dense(h/4·w/4·32, ReLU) → reshape → ConvT(64, s2) → BN → LeakyReLU → ConvT(32, s2) → BN →
/// LeakyReLU → ConvT(channels, s1), no output activation (as the original).</summary>
public sealed class DecoderNetwork : nn.Module<Tensor, Tensor>
{
    private readonly Sequential layers;

    public DecoderNetwork(int inputSize, int channels, int height, int width) : base(nameof(DecoderNetwork))
    {
        var h = height / 4;
        var w = width / 4;
        layers = nn.Sequential(
            ("dense", nn.Linear(inputSize, 32L * h * w)),
            ("dense_act", nn.ReLU()),
            ("reshape", nn.Unflatten(1, [32, h, w])),
            // padding 1 + output padding 1 doubles the size, as Keras' "same" padding at stride 2.
            ("deconv1", nn.ConvTranspose2d(32, 64, kernel_size: 3, stride: 2, padding: 1, output_padding: 1)),
            ("bn1", nn.BatchNorm2d(64, eps: VaeModel.BatchNormEps, momentum: VaeModel.BatchNormMomentum)),
            ("act1", nn.LeakyReLU(VaeModel.LeakySlope, inplace: true)),
            ("deconv2", nn.ConvTranspose2d(64, 32, kernel_size: 3, stride: 2, padding: 1, output_padding: 1)),
            ("bn2", nn.BatchNorm2d(32, eps: VaeModel.BatchNormEps, momentum: VaeModel.BatchNormMomentum)),
            ("act2", nn.LeakyReLU(VaeModel.LeakySlope, inplace: true)),
            // One output channel makes the library's transposed convolution a poor GEMM: same layer, one product + fold.
            ("deconv3", new GemmConvTranspose2d(32, channels, kernelSize: 3, stride: 1, padding: 1)));
        // The activations work in place on BatchNorm's output (its backward reads its input, not its output): the
        // same values without a fresh activation tensor per layer and step.
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

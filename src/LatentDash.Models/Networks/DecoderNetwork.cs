using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LatentDash.Models.Networks;

/// <summary>The decoder: Dense(h/4·w/4·32, ReLU) → reshape → ConvT(64, s2) → BN → LeakyReLU → ConvT(32, s2) → BN →
/// LeakyReLU → ConvT(channels, s1), no output activation (as the original).</summary>
/// <remarks>Training and eval (from a batch of <see cref="EvalPathMinimumBatch"/>) take faster paths with the same
/// function: the activations channels-last, where oneDNN's kernels need no layout reorders and BatchNorm's CPU kernels
/// vectorise across channels; in training each transposed convolution's bias left to its BatchNorm's running mean
/// (<see cref="BiasBeforeBatchNorm"/>: no add forward, no bias gradient backward, where oneDNN's own bias gradient on
/// that layout is a slow reference loop); in eval each BatchNorm folded into the transposed convolution before
/// it.</remarks>
public sealed class DecoderNetwork : nn.Module<Tensor, Tensor>
{
    private readonly Sequential layers;

    // The same layers as typed references for the training and eval paths. Not a Module, so RegisterComponents leaves
    // it alone: the saved weights' names stay those of the Sequential.
    private readonly FastPath fast;

    public DecoderNetwork(int inputSize, int channels, int height, int width) : base(nameof(DecoderNetwork))
    {
        var h = height / 4;
        var w = width / 4;
        fast = new FastPath(
            nn.Linear(inputSize, 32L * h * w),
            [32, h, w],
            // padding 1 + output padding 1 doubles the size, as Keras' "same" padding at stride 2.
            nn.ConvTranspose2d(32, 64, kernel_size: 3, stride: 2, padding: 1, output_padding: 1),
            nn.BatchNorm2d(64, eps: VaeModel.BatchNormEps, momentum: VaeModel.BatchNormMomentum),
            nn.ConvTranspose2d(64, 32, kernel_size: 3, stride: 2, padding: 1, output_padding: 1),
            nn.BatchNorm2d(32, eps: VaeModel.BatchNormEps, momentum: VaeModel.BatchNormMomentum),
            // One output channel makes the library's transposed convolution a poor GEMM: same layer, one product + fold.
            new GemmConvTranspose2d(32, channels, kernelSize: 3, stride: 1, padding: 1));
        layers = nn.Sequential(
            ("dense", fast.Dense),
            ("dense_act", nn.ReLU()),
            ("reshape", nn.Unflatten(1, fast.Shape)),
            ("deconv1", fast.Deconv1),
            ("bn1", fast.Bn1),
            ("act1", new LeakyRelu()),
            ("deconv2", fast.Deconv2),
            ("bn2", fast.Bn2),
            ("act2", new LeakyRelu()),
            ("deconv3", fast.Deconv3));
        // The activations work in place on BatchNorm's output (its backward reads its input, not its output): the
        // same values without a fresh activation tensor per layer and step.
        RegisterComponents();
    }

    /// <summary>The smallest batch that takes the eval path: one image at a time (the explorer's decodes) measured
    /// 1.02 ms on it against 0.88 ms through the plain layers (per-call folding and layout changes), where a batch of
    /// 500 took 0.66× the plain layers' time.</summary>
    internal const int EvalPathMinimumBatch = 16;

    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (training)
        {
            return fast.Train(input);
        }

        return input.shape[0] < EvalPathMinimumBatch ? layers.call(input) : fast.Eval(input);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            layers.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>The training and eval-mode forwards: exact math of the layers, up to float rounding.</summary>
    /// <remarks>In eval mode each BatchNorm folds into the transposed convolution before it (<see cref="BatchNormFold"/>).</remarks>
    private sealed record FastPath(
        Linear Dense, long[] Shape, ConvTranspose2d Deconv1, BatchNorm2d Bn1, ConvTranspose2d Deconv2, BatchNorm2d Bn2,
        GemmConvTranspose2d Deconv3)
    {
        /// <summary>The training forward: BatchNorm on batch statistics, updating the running ones, on channels-last
        /// activations, each transposed convolution's bias left to its BatchNorm's running mean.</summary>
        public Tensor Train(Tensor input) => Forward(input, TrainBlock);

        public Tensor Eval(Tensor input) => Forward(input, EvalBlock);

        private Tensor Forward(Tensor input, Func<Tensor, ConvTranspose2d, BatchNorm2d, Tensor> block)
        {
            using var scope = NewDisposeScope();
            var x = nn.functional.relu(Dense.call(input)).view([input.shape[0], .. Shape]);
            x = block(ChannelsLast.Of(x), Deconv1, Bn1);
            x = block(x, Deconv2, Bn2);
            return Deconv3.call(x).MoveToOuterDisposeScope();
        }

        private static Tensor TrainBlock(Tensor x, ConvTranspose2d deconv, BatchNorm2d bn)
        {
            var y = nn.functional.conv_transpose2d(x, deconv.weight!, null, deconv.stride, deconv.padding, deconv.output_padding);
            return BiasBeforeBatchNorm.Train(y, deconv.bias!, bn).LeakyRelu_();
        }

        private static Tensor EvalBlock(Tensor x, ConvTranspose2d deconv, BatchNorm2d bn)
        {
            var (weight, bias) = BatchNormFold.Fold(deconv.weight!, deconv.bias!, bn, outputAxis: 1);
            var y = nn.functional.conv_transpose2d(x, weight, bias, deconv.stride, deconv.padding, deconv.output_padding);
            return y.LeakyRelu_();
        }
    }
}

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LatentDash.Models.Networks;

/// <summary>A BatchNorm in eval mode folded into the convolution before it. BatchNorm is then an affine map per channel,
/// y = (x − mean)·s + β with s = γ/√(var + ε), so the convolution with w' = w·s on its output-channel axis and
/// b' = (b − mean)·s + β computes both at once, one pass over the activations fewer.</summary>
/// <remarks>The networks' eval paths fold at every call (a few small ops on ~20k numbers) rather than keep folded
/// copies, so none can go stale after training, loading or an edit of the weights.</remarks>
internal static class BatchNormFold
{
    /// <param name="outputAxis">The axis of <paramref name="weight"/> that holds the output channels: 0 for a convolution,
    /// 1 for a transposed one.</param>
    public static (Tensor Weight, Tensor Bias) Fold(Tensor weight, Tensor bias, BatchNorm2d bn, int outputAxis)
    {
        using var eps = bn.eps.ToScalar();
        var scale = bn.weight! * bn.running_var!.Plus(eps).rsqrt();
        long[] channels = [1, 1, 1, 1];
        channels[outputAxis] = -1;
        return (weight * scale.view(channels), ((bias - bn.running_mean!) * scale).Plus(bn.bias!));
    }
}

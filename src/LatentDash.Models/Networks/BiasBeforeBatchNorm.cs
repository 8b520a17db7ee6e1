using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LatentDash.Models.Networks;

/// <summary>A convolution's bias followed by a BatchNorm on batch statistics, in training, computed without adding the
/// bias. BatchNorm subtracts the batch mean per channel, so a per-channel constant added before it leaves its output
/// unchanged and gets a gradient of exactly zero; only the running mean, which in eval mode stands for the batch mean,
/// must include it. Here the running mean is shifted by −b before BatchNorm's update and by +b after:
/// (1 − m)(μ − b) + m·mean(y) + b = (1 − m)μ + m·mean(y + b), the update the biased activations would give.</summary>
/// <remarks>The same function and statistics as the library's layers, one pass over the activations fewer forward (the
/// add) and backward (the bias gradient's sum over the batch). The bias then gets no gradient in training, where the
/// library's layers give it rounding noise of that zero sum (which Adam, normalising by the gradient's own size, turns
/// into steps of about the learning rate); either way it has no effect on any output, since eval mode subtracts the
/// running mean that includes it.</remarks>
internal static class BiasBeforeBatchNorm
{
    /// <summary>BatchNorm (training mode, batch statistics) of <paramref name="unbiased"/> + <paramref name="bias"/>
    /// per channel, updating <paramref name="bn"/>'s running statistics and batch count as the module would on that
    /// input.</summary>
    /// <remarks>BatchNorm's update is handed a shifted copy of the running mean (the module's own is saved for backward
    /// by the autograd graph, which refuses a buffer changed in place after the call) and the module's mean is set from
    /// it after.</remarks>
    public static Tensor Train(Tensor unbiased, Tensor bias, BatchNorm2d bn)
    {
        ArgumentNullException.ThrowIfNull(bias);
        ArgumentNullException.ThrowIfNull(bn);
        var runningMean = bn.running_mean ?? throw new ArgumentException("the BatchNorm keeps no running mean", nameof(bn));
        var momentum = bn.momentum is { } m and > 0 ? m : throw new ArgumentException("the BatchNorm averages cumulatively", nameof(bn));
        using var scope = NewDisposeScope();
        Tensor shifted;
        using (no_grad())
        {
            shifted = runningMean.sub(bias);
            bn.num_batches_tracked?.Plus_(HeldScalars.One);
        }

        var output = nn.functional.batch_norm(unbiased, shifted, bn.running_var, bn.weight, bn.bias, training: true, momentum, bn.eps);
        using (no_grad())
        {
            runningMean.copy_(shifted).Plus_(bias);
        }

        return output.MoveToOuterDisposeScope();
    }
}

using TorchSharp;
using static TorchSharp.torch;

namespace LatentDash.Models.Networks;

/// <summary>The same tensor (sizes, values) with its memory in N·H·W·C order: the layout in which oneDNN's convolutions
/// and BatchNorm's CPU kernels run fastest on these shapes (BatchNorm's channel-major kernels sum each channel in a
/// scalar loop; its channels-last kernels vectorise across channels). Layers after it keep the layout.</summary>
/// <remarks>No parameters and no buffers: inserted into a Sequential, it leaves the saved weights' names as they were.</remarks>
public sealed class ChannelsLast : nn.Module<Tensor, Tensor>
{
    private readonly bool trainingOnly;

    /// <param name="trainingOnly">Pass the input on unchanged in eval mode (the encoder: at inference there are no batch
    /// statistics to gather, and encoding measured no faster channels-last).</param>
    public ChannelsLast(bool trainingOnly = false) : base(nameof(ChannelsLast)) => this.trainingOnly = trainingOnly;

    /// <summary>True when <paramref name="x"/> (N×C×H×W) is laid out channels-last.</summary>
    public static bool Is(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        using var permuted = x.permute(0, 2, 3, 1);
        return permuted.is_contiguous();
    }

    /// <summary><paramref name="x"/> laid out channels-last (a copy unless it already is).</summary>
    public static Tensor Of(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        using var scope = NewDisposeScope();
        return x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2).MoveToOuterDisposeScope();
    }

    public override Tensor forward(Tensor input) => training || !trainingOnly ? Of(input) : input.alias();
}

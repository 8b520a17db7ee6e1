using TorchSharp;
using static TorchSharp.torch;

namespace LatentDash.Models.Networks;

/// <summary>The same tensor (sizes, values) with its memory in N·H·W·C order: the layout in which oneDNN's convolutions
/// and BatchNorm's CPU kernels run fastest on these shapes (BatchNorm's channel-major kernels sum each channel in a
/// scalar loop; its channels-last kernels vectorise across channels). Layers after it keep the layout.</summary>
public static class ChannelsLast
{
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
}

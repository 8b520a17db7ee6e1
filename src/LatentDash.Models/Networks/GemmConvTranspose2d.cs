using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LatentDash.Models.Networks;

/// <summary>A square-kernel transposed convolution computed as one matrix product over the whole batch and every
/// kernel tap, then col2im (<c>fold</c>): the same function and parameters as <c>nn.ConvTranspose2d</c>, faster on the
/// CPU where few output channels make the library's kernel a poor GEMM (the decoder's last, 32 → 1 layer).</summary>
/// <remarks>Exact math: out[n, o, i·s − p + a, j·s − p + b] = bias[o] + Σ_c x[n, c, i, j] · W[c, o, a, b], summed by
/// fold in another order than the library's kernel, so results agree to float rounding. On channel-major input the
/// product is one matrix multiplication; on channels-last input (the decoder's layout) it is a 1×1 convolution to
/// C_out·k·k channels, which oneDNN runs on that layout in place, forward and backward (0.6× the time of the library's
/// transposed convolution on it at batch 32 and 500). The parameters are named, shaped and ordered as ConvTranspose2d's
/// (weight C_in×C_out×k×k, then bias), so saved weights load either way.</remarks>
public sealed class GemmConvTranspose2d : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly long inChannels;
    private readonly long outChannels;
    private readonly long kernel;
    private readonly long stride;
    private readonly long padding;
    private readonly long outputPadding;

    public GemmConvTranspose2d(long inChannels, long outChannels, long kernelSize, long stride = 1, long padding = 0, long outputPadding = 0)
        : base(nameof(GemmConvTranspose2d))
    {
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        kernel = kernelSize;
        this.stride = stride;
        this.padding = padding;
        this.outputPadding = outputPadding;
        weight = new Parameter(empty(inChannels, outChannels, kernelSize, kernelSize));
        bias = new Parameter(empty(outChannels));
        // ConvTranspose2d's own default initialisation (the trainer redraws every weight from its seed anyway).
        using (no_grad())
        {
            nn.init.kaiming_uniform_(weight, Math.Sqrt(5));
            var bound = 1 / Math.Sqrt(outChannels * kernelSize * kernelSize);
            nn.init.uniform_(bias, -bound, bound);
        }

        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        var (n, height, width) = (input.shape[0], input.shape[2], input.shape[3]);
        var taps = outChannels * kernel * kernel;
        Tensor columns;
        if (ChannelsLast.Is(input))
        {
            // [N, C_in, H, W] → [N, C_out·k·k, H·W]: a 1×1 convolution with the taps as output channels; its
            // channels-last result views as fold's columns without a copy.
            columns = nn.functional.conv2d(input, weight.view(inChannels, taps).t().reshape(taps, inChannels, 1, 1))
                .view(n, taps, height * width);
        }
        else
        {
            // [C_out·k·k, C_in] × [C_in, N·H·W]: one product for the batch instead of one per image.
            columns = weight.view(inChannels, taps).t()
                .mm(input.transpose(0, 1).reshape(inChannels, n * height * width))
                .view(taps, n, height * width)
                .transpose(0, 1);
        }

        var outHeight = ((height - 1) * stride) - (2 * padding) + kernel + outputPadding;
        var outWidth = ((width - 1) * stride) - (2 * padding) + kernel + outputPadding;
        var output = nn.functional.fold(columns, (outHeight, outWidth), (kernel, kernel), padding: (padding, padding), stride: (stride, stride))
            .Plus(bias.view(1, outChannels, 1, 1));
        return output.MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            weight.Dispose();
            bias.Dispose();
        }

        base.Dispose(disposing);
    }
}

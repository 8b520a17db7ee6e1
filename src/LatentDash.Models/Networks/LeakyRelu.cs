using TorchSharp;
using static TorchSharp.torch;

namespace LatentDash.Models.Networks;

/// <summary>LeakyReLU with the networks' slope, in place: TorchSharp's <c>nn.LeakyReLU</c> converts its slope to a
/// Scalar at every call, which a collection on another thread may free while libtorch reads it
/// (<see cref="HeldScalars"/>); this one passes the slope held for the life of the process.</summary>
/// <remarks>No parameters and no buffers: in a Sequential it leaves the saved weights' names as they were.</remarks>
public sealed class LeakyRelu : nn.Module<Tensor, Tensor>
{
    public LeakyRelu() : base(nameof(LeakyRelu))
    {
    }

    public override Tensor forward(Tensor input) => input.LeakyRelu_();
}

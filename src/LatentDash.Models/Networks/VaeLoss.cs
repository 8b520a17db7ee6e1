using static TorchSharp.torch;

namespace LatentDash.Models.Networks;

/// <summary>The loss of one batch and its parts, each averaged over the batch. Class is null for models without a
/// classifier branch.</summary>
public sealed record VaeLoss(Tensor Total, Tensor Reconstruction, Tensor Kl, Tensor? Class);

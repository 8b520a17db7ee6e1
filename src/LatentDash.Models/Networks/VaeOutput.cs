using static TorchSharp.torch;

namespace LatentDash.Models.Networks;

/// <summary>What one forward pass gives: the reconstruction, the posterior's μ and log σ², the sampled z, and the
/// classifier's logits where the model has a branch. The tensors belong to the caller's dispose scope.</summary>
public sealed record VaeOutput(Tensor Reconstruction, Tensor Mu, Tensor LogVar, Tensor Z, Tensor? ClassLogits);

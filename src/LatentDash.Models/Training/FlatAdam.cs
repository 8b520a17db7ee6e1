using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LatentDash.Models.Training;

/// <summary>Adam over all parameters as one flat vector: the gradients are concatenated once per step and the
/// moment updates run as a handful of vector operations, instead of about ten native calls per parameter tensor.</summary>
/// <remarks>The arithmetic is torch's Adam (no weight decay, no AMSGrad): m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
/// p ← p − (lr / (1−β₁ᵗ)) · m / (√v / √(1−β₂ᵗ) + ε). The moments are owned here and disposed with the optimizer.</remarks>
public sealed class FlatAdam : IDisposable
{
    private readonly Parameter[] parameters;
    private readonly long[] sizes;
    private readonly Tensor exponentialAverage;
    private readonly Tensor exponentialSquareAverage;
    private readonly double beta1;
    private readonly double beta2;
    private readonly double epsilon;
    private int steps;

    public FlatAdam(IEnumerable<Parameter> parameters, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        this.parameters = [.. parameters.Where(p => p.requires_grad)];
        sizes = [.. this.parameters.Select(p => p.numel())];
        var total = sizes.Sum();
        exponentialAverage = zeros(total);
        exponentialSquareAverage = zeros(total);
        LearningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    public double LearningRate { get; set; }

    /// <summary>Drops the gradients, so backward writes fresh ones instead of adding to zeroed ones.</summary>
    public void ZeroGrad()
    {
        foreach (var parameter in parameters)
        {
            parameter.grad = null;
        }
    }

    public void Step()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        steps++;
        var gradient = cat(parameters.Select(p => p.grad is { } g ? g.view(-1) : zeros(p.numel())).ToArray(), 0);
        exponentialAverage.mul_(beta1).add_(gradient, alpha: 1 - beta1);
        exponentialSquareAverage.mul_(beta2).addcmul_(gradient, gradient, value: 1 - beta2);
        var biasCorrection1 = 1 - Math.Pow(beta1, steps);
        var biasCorrection2 = 1 - Math.Pow(beta2, steps);
        var denominator = exponentialSquareAverage.sqrt().div_(Math.Sqrt(biasCorrection2)).add_(epsilon);
        var update = exponentialAverage.div(denominator).mul_(-LearningRate / biasCorrection1);
        var pieces = update.split(sizes);
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i].add_(pieces[i].view(parameters[i].shape));
        }
    }

    public void Dispose()
    {
        exponentialAverage.Dispose();
        exponentialSquareAverage.Dispose();
    }
}

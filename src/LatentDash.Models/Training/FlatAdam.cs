using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LatentDash.Models.Training;

/// <summary>Adam over all parameters as one flat vector. The parameters and their gradients are re-pointed into two
/// contiguous buffers, so zeroing is one fill and a step is eight vector operations, instead of about ten native
/// calls per parameter tensor.</summary>
/// <remarks>The arithmetic is torch's Adam (no weight decay, no AMSGrad): m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
/// p ← p − (lr / (1−β₁ᵗ)) · m / (√v / √(1−β₂ᵗ) + ε). Backward accumulates into the gradient views in place. The
/// parameters keep their values, shapes and names; only their storage moves.</remarks>
public sealed class FlatAdam : IDisposable
{
    private readonly Tensor values;
    private readonly Tensor gradients;
    private readonly Tensor exponentialAverage;
    private readonly Tensor exponentialSquareAverage;
    private readonly double beta1;
    private readonly double beta2;

    // The constants of the step as Scalars the optimizer holds (see HeldScalars).
    private readonly Scalar beta1Scalar;
    private readonly Scalar oneMinusBeta1;
    private readonly Scalar beta2Scalar;
    private readonly Scalar oneMinusBeta2;
    private readonly Scalar epsilon;
    private int steps;

    public FlatAdam(IEnumerable<Parameter> parameters, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var trainable = parameters.Where(p => p.requires_grad).ToArray();
        var total = trainable.Sum(p => p.numel());
        values = empty(total);
        gradients = zeros(total);
        exponentialAverage = zeros(total);
        exponentialSquareAverage = zeros(total);
        using (no_grad())
        {
            long offset = 0;
            foreach (var parameter in trainable)
            {
                var n = parameter.numel();
                using var slot = values.narrow(0, offset, n).view(parameter.shape);
                slot.copy_(parameter);
                parameter.set_(slot);
                parameter.grad = gradients.narrow(0, offset, n).view(parameter.shape);
                offset += n;
            }
        }

        LearningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        beta1Scalar = beta1.ToScalar();
        oneMinusBeta1 = (1 - beta1).ToScalar();
        beta2Scalar = beta2.ToScalar();
        oneMinusBeta2 = (1 - beta2).ToScalar();
        this.epsilon = epsilon.ToScalar();
    }

    public double LearningRate { get; set; }

    public void ZeroGrad() => gradients.zero_();

    public void Step()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        steps++;
        exponentialAverage.mul_(beta1Scalar).add_(gradients, alpha: oneMinusBeta1);
        exponentialSquareAverage.mul_(beta2Scalar).addcmul_(gradients, gradients, value: oneMinusBeta2);
        var biasCorrection1 = 1 - Math.Pow(beta1, steps);
        var biasCorrection2 = 1 - Math.Pow(beta2, steps);
        using var correction2Root = Math.Sqrt(biasCorrection2).ToScalar();
        using var stepSize = (-LearningRate / biasCorrection1).ToScalar();
        var denominator = exponentialSquareAverage.sqrt().div_(correction2Root).add_(epsilon, HeldScalars.One);
        values.addcdiv_(exponentialAverage, denominator, value: stepSize);
    }

    public void Dispose()
    {
        values.Dispose();
        gradients.Dispose();
        exponentialAverage.Dispose();
        exponentialSquareAverage.Dispose();
        beta1Scalar.Dispose();
        oneMinusBeta1.Dispose();
        beta2Scalar.Dispose();
        oneMinusBeta2.Dispose();
        epsilon.Dispose();
    }
}

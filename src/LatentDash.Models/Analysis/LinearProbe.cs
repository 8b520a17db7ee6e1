using LatentDash.Models.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace LatentDash.Models.Analysis;

/// <summary>A linear probe of the latent means: multinomial logistic regression on standardised μ (L2 penalty as
/// sklearn's default C = 1), fitted full-batch on one split and scored on another. Its accuracy says how much of the
/// class a straight cut through latent space recovers. Deterministic: zero start, fixed iterations.</summary>
public static class LinearProbe
{
    public const int DefaultIterations = 300;

    public static double Accuracy(
        ReadOnlySpan<float> train, ReadOnlySpan<byte> trainLabels,
        ReadOnlySpan<float> test, ReadOnlySpan<byte> testLabels,
        int dimensions, int iterations = DefaultIterations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        if (train.Length != trainLabels.Length * dimensions || test.Length != testLabels.Length * dimensions || trainLabels.IsEmpty)
        {
            throw new ArgumentException("values and labels do not make whole points");
        }

        if (testLabels.IsEmpty)
        {
            return 0;
        }

        using var scope = NewDisposeScope();
        var x = tensor(train.ToArray(), [trainLabels.Length, dimensions]);
        var y = tensor(trainLabels.ToArray()).to(ScalarType.Int64);
        var classCount = (int)Math.Max(y.max().item<long>(), testLabels.ToArray().Max()) + 1;
        var mean = x.mean([0], keepdim: true);
        using var stdFloor = 1e-6f.ToScalar();
        var std = x.std(0, keepdim: true, unbiased: false).clamp_min(stdFloor);
        x = (x - mean) / std;
        var weights = new TorchSharp.Modules.Parameter(zeros(dimensions, classCount));
        var bias = new TorchSharp.Modules.Parameter(zeros(classCount));
        using var penalty = (0.5 * (1.0 / trainLabels.Length)).ToScalar(); // ½‖W‖² + C Σ loss, divided by n: C = 1
        // Torch's Adam arithmetic with its constants held (TorchSharp's optim.Adam converts them at every step).
        using (var optimizer = new FlatAdam([weights, bias], learningRate: 0.05))
        {
            for (var step = 0; step < iterations; step++)
            {
                using var stepScope = NewDisposeScope();
                optimizer.ZeroGrad();
                var loss = nn.functional.cross_entropy(x.mm(weights).Plus(bias), y).Plus(weights.Squared().sum().mul(penalty));
                loss.backward();
                optimizer.Step();
            }
        }

        using var noGrad = no_grad();
        var q = (tensor(test.ToArray(), [testLabels.Length, dimensions]) - mean) / std;
        var predicted = q.mm(weights).Plus(bias).argmax(1);
        var truth = tensor(testLabels.ToArray()).to(ScalarType.Int64);
        return predicted.eq(truth).sum().item<long>() / (double)testLabels.Length;
    }
}

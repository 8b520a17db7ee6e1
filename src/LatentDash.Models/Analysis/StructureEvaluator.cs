using LatentDash.Models.Latent;
using LatentDash.Models.Networks;
using LatentDash.Models.Training;
using static TorchSharp.torch;

namespace LatentDash.Models.Analysis;

/// <summary>Computes a model's <see cref="StructureMetrics"/> from its training and validation images: encodes both
/// (the training split through a seeded sample of at most <c>maxTraining</c> images), then runs each metric.</summary>
public static class StructureEvaluator
{
    public const int DefaultMaxTraining = 10_000;

    public static StructureMetrics Evaluate(
        VaeModel model, ImageTensors training, ImageTensors validation, IReadOnlyList<string> classNames,
        long seed = 1333, int maxTraining = DefaultMaxTraining)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTraining, NearestNeighbours.DefaultK);
        var dims = model.Config.LatentDim;
        var valSpace = LatentEncoder.Encode(model, validation, classNames);
        LatentSpace trainSpace;
        using (var sample = Sample(training, maxTraining, seed))
        {
            trainSpace = LatentEncoder.Encode(model, sample, classNames);
        }

        return new StructureMetrics
        {
            Reconstruction = ReconstructionQuality.Evaluate(model, validation, seed),
            KlPerDimension = KlPerDimension.Compute(valSpace.Mu, valSpace.LogVar, dims),
            ActiveUnits = ActiveUnits.Compute(valSpace.Mu, dims),
            LinearProbeAccuracy = LinearProbe.Accuracy(trainSpace.Mu, trainSpace.Labels, valSpace.Mu, valSpace.Labels, dims),
            NearestNeighbourAccuracy = NearestNeighbours.Accuracy(trainSpace.Mu, trainSpace.Labels, valSpace.Mu, valSpace.Labels, dims),
            Silhouette = Silhouette.Compute(valSpace.Mu, valSpace.Labels, dims, seed: (int)(seed % int.MaxValue)),
            Mig = MigScore.Compute(valSpace.Mu, valSpace.Labels, dims),
            ClassifierAccuracy = model.HasClassifier ? ClassifierAccuracy(model, validation) : null,
            TrainingSample = trainSpace.Count,
            ValidationCount = valSpace.Count,
        };
    }

    private static double ClassifierAccuracy(VaeModel model, ImageTensors data, int batchSize = 500)
    {
        long correct = 0;
        model.eval();
        using (no_grad())
        {
            for (var start = 0; start < data.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var n = Math.Min(batchSize, data.Count - start);
                var labels = data.Labels.narrow(0, start, n);
                var probabilities = model.ClassProbabilities(data.Images.narrow(0, start, n), labels)!;
                correct += probabilities.argmax(1).eq(labels).sum().item<long>();
            }
        }

        return (double)correct / data.Count;
    }

    /// <summary>The first <paramref name="max"/> images of a seeded permutation (all of them when there are fewer).</summary>
    private static ImageTensors Sample(ImageTensors data, int max, long seed)
    {
        using var generator = new Generator();
        generator.manual_seed(seed);
        // No dispose scope here: the sample leaves as the caller's owner.
        using var indices = data.Count <= max ? arange(data.Count) : randperm(data.Count, generator: generator).narrow(0, 0, max);
        return data.Select(indices);
    }
}

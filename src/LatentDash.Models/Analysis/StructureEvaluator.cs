using LatentDash.Models.Latent;
using LatentDash.Models.Networks;
using LatentDash.Models.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace LatentDash.Models.Analysis;

/// <summary>Computes a model's <see cref="StructureMetrics"/> from its training and validation images: encodes both
/// (the training split through a seeded sample of at most <c>maxTraining</c> images), then runs each metric.</summary>
public static class StructureEvaluator
{
    public const int DefaultMaxTraining = 10_000;

    public static StructureMetrics Evaluate(
        VaeModel model, ImageTensors training, ImageTensors validation, IReadOnlyList<string> classNames,
        long seed = 1333, int maxTraining = DefaultMaxTraining) =>
        EvaluateWithSpace(model, training, validation, classNames, seed, maxTraining).Metrics;

    /// <summary><see cref="Evaluate"/>, and the validation images' latent space its pass encoded (the one
    /// <see cref="LatentEncoder"/> gives: same batches, same network calls).</summary>
    public static (StructureMetrics Metrics, LatentSpace Validation) EvaluateWithSpace(
        VaeModel model, ImageTensors training, ImageTensors validation, IReadOnlyList<string> classNames,
        long seed = 1333, int maxTraining = DefaultMaxTraining)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTraining, NearestNeighbours.DefaultK);
        var dims = model.Config.LatentDim;
        var (valSpace, reconstruction, classifierAccuracy) = ValidationPass(model, validation, classNames, seed);
        LatentSpace trainSpace;
        using (var sample = Sample(training, maxTraining, seed))
        {
            trainSpace = LatentEncoder.Encode(model, sample, classNames);
        }

        var metrics = new StructureMetrics
        {
            Reconstruction = reconstruction,
            KlPerDimension = KlPerDimension.Compute(valSpace.Mu, valSpace.LogVar, dims),
            ActiveUnits = ActiveUnits.Compute(valSpace.Mu, dims),
            LinearProbeAccuracy = LinearProbe.Accuracy(trainSpace.Mu, trainSpace.Labels, valSpace.Mu, valSpace.Labels, dims),
            NearestNeighbourAccuracy = NearestNeighbours.Accuracy(trainSpace.Mu, trainSpace.Labels, valSpace.Mu, valSpace.Labels, dims),
            Silhouette = Silhouette.Compute(valSpace.Mu, valSpace.Labels, dims, seed: (int)(seed % int.MaxValue)),
            Mig = MigScore.Compute(valSpace.Mu, valSpace.Labels, dims),
            ClassifierAccuracy = classifierAccuracy,
            TrainingSample = trainSpace.Count,
            ValidationCount = valSpace.Count,
        };
        return (metrics, valSpace);
    }

    /// <summary>One pass over the validation images that gives what the metrics need of them: their latent space, the
    /// reconstruction quality and the classifier branch's accuracy. Each batch goes through the encoder once, where
    /// encoding, reconstructing and classifying separately would run it three times. The batches are those of
    /// <see cref="LatentEncoder"/> and <see cref="ReconstructionQuality.Evaluate"/>, so the numbers are theirs.</summary>
    private static (LatentSpace Space, ReconstructionQuality Reconstruction, double? ClassifierAccuracy) ValidationPass(
        VaeModel model, ImageTensors data, IReadOnlyList<string> classNames, long seed, int batchSize = 500)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(data.Count, 1);
        var dims = model.Config.LatentDim;
        var mu = new float[data.Count * dims];
        var logVar = new float[data.Count * dims];
        long correct = 0;
        using var reconstruction = new ReconstructionQuality.Sums(model, seed);
        model.eval();
        using (no_grad())
        {
            for (var start = 0; start < data.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var n = Math.Min(batchSize, data.Count - start);
                var images = data.Images.narrow(0, start, n);
                var labels = data.Labels.narrow(0, start, n);
                var (m, v, probabilities) = model.EncodeAndClassify(images, labels);
                m.data<float>().CopyTo(mu, start * dims);
                v.data<float>().CopyTo(logVar, start * dims);
                if (probabilities is not null)
                {
                    correct += probabilities.argmax(1).eq(labels).sum().item<long>();
                }

                reconstruction.Add(images, labels, m, v);
            }
        }

        using var labelScope = NewDisposeScope();
        var space = new LatentSpace(mu, logVar, data.Labels.to(ScalarType.Byte).data<byte>().ToArray(), dims, classNames);
        return (space, reconstruction.Result(), model.HasClassifier ? (double)correct / data.Count : null);
    }

    /// <summary>The first <paramref name="max"/> images of a seeded permutation (all of them when there are fewer).</summary>
    private static ImageTensors Sample(ImageTensors data, int max, long seed)
    {
        using var generator = new Generator();
        generator.manual_seed(seed);
        // No dispose scope here: the sample leaves as the caller's owner.
        using var count = data.Count.ToScalar();
        using var indices = data.Count <= max ? arange(HeldScalars.Zero, count, HeldScalars.One) : randperm(data.Count, generator: generator).narrow(0, 0, max);
        return data.Select(indices);
    }
}

using LatentDash.Models.Analysis;
using LatentDash.Models.Latent;
using LatentDash.Models.Networks;
using LatentDash.Models.Tests.Support;
using LatentDash.Models.Training;
using static TorchSharp.torch;

namespace LatentDash.Models.Tests.Analysis;

/// <summary>The metrics of a whole model: the ELBO against a hand computation, and a trained model's space scoring
/// better than an untrained one's.</summary>
public sealed class StructureEvaluatorTests
{
    private static readonly string[] ClassNames = [.. Enumerable.Range(0, 10).Select(i => $"c{i}")];

    [Fact]
    public void The_negative_elbo_is_the_gaussian_likelihood_of_the_loss_plus_kl_computed_by_hand()
    {
        using var model = VaeTrainer.CreateModel(Synthetic.Config("beta-vae", latentDim: 2), seed: 3);
        using var data = Synthetic.Images(20, seed: 1);

        var quality = ReconstructionQuality.Evaluate(model, data, seed: 9, batchSize: 7);

        // By hand, one batch: the same sampling (seeded generator), the loss's reconstruction term and the constant.
        using var scope = NewDisposeScope();
        model.eval();
        using var noGrad = no_grad();
        using var sampler = new Generator();
        sampler.manual_seed(9);
        double expected = 0, kl = 0;
        for (var start = 0; start < 20; start += 7)
        {
            var n = Math.Min(7, 20 - start);
            var images = data.Images.narrow(0, start, n);
            var (mu, logVar) = model.Encode(images);
            var z = VaeModel.Reparameterize(mu, logVar, sampler);
            var squared = (model.Decode(z) - images).square().sum().item<float>();
            var batchKl = (-0.5 * (1 + logVar - mu.square() - logVar.exp()).sum()).item<float>();
            const double variance = 784 / 2000.0;
            expected += (squared / (2 * variance)) + (n * 392 * Math.Log(2 * Math.PI * variance)) + batchKl;
            kl += batchKl;
        }

        Assert.Equal(expected / 20, quality.NegativeElbo, 2);
        Assert.Equal(kl / 20, quality.Kl, 4);
        Assert.Equal(10 * Math.Log10(1 / quality.MseOfMean), quality.PsnrOfMean, 9);
        Assert.True(quality.MseOfSample >= 0 && quality.MseOfMean >= 0);
    }

    [Fact]
    public void A_trained_branched_model_has_a_more_structured_space_than_an_untrained_one()
    {
        var config = Synthetic.Config("branched", latentDim: 4);
        using var training = Synthetic.Images(400, seed: 1);
        using var validation = Synthetic.Images(200, seed: 2);
        using var untrained = VaeTrainer.CreateModel(config, seed: 5);
        var before = StructureEvaluator.Evaluate(untrained, training, validation, ClassNames, maxTraining: 300);

        using var trained = Trained(config, training, validation, epochs: 2, seed: 5);
        var after = StructureEvaluator.Evaluate(trained, training, validation, ClassNames, maxTraining: 300);

        Assert.Equal(300, after.TrainingSample);
        Assert.Equal(200, after.ValidationCount);
        Assert.Equal(4, after.KlPerDimension.Count);
        Assert.True(after.Reconstruction.MseOfMean < before.Reconstruction.MseOfMean, $"{after.Reconstruction.MseOfMean} vs {before.Reconstruction.MseOfMean}");
        Assert.True(after.ClassifierAccuracy > 0.5, $"classifier {after.ClassifierAccuracy}");
        Assert.True(after.LinearProbeAccuracy > 0.5, $"probe {after.LinearProbeAccuracy}");
        Assert.True(after.NearestNeighbourAccuracy > 0.5, $"k-NN {after.NearestNeighbourAccuracy}");
        Assert.InRange(after.Mig.Value, 0, 1);
        Assert.InRange(after.Silhouette.Score, -1, 1);
        Assert.Equal(after.KlPerDimension.Sum(), after.Reconstruction.Kl, 3);
    }

    [Fact]
    public void One_pass_over_the_validation_images_gives_the_numbers_of_encoding_reconstructing_and_classifying_apart()
    {
        var config = Synthetic.Config("branched", latentDim: 3);
        using var training = Synthetic.Images(120, seed: 4);
        using var validation = Synthetic.Images(130, seed: 6);
        using var model = Trained(config, training, validation, epochs: 1, seed: 8);

        var metrics = StructureEvaluator.Evaluate(model, training, validation, ClassNames, seed: 21, maxTraining: 100);

        var space = LatentEncoder.Encode(model, validation, ClassNames);
        Assert.Equal(KlPerDimension.Compute(space.Mu, space.LogVar, 3), metrics.KlPerDimension);
        Assert.Equal(ActiveUnits.Compute(space.Mu, 3).Variances, metrics.ActiveUnits.Variances);
        Assert.Equal(MigScore.Compute(space.Mu, space.Labels, 3).MutualInformation, metrics.Mig.MutualInformation);
        Assert.Equal(ReconstructionQuality.Evaluate(model, validation, seed: 21), metrics.Reconstruction);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var predicted = model.ClassProbabilities(validation.Images, validation.Labels)!.argmax(1);
        Assert.Equal(predicted.eq(validation.Labels).sum().item<long>() / 130.0, metrics.ClassifierAccuracy);
    }

    /// <summary>A model of <paramref name="config"/> trained on the images for a few epochs at a brisk learning rate.</summary>
    private static VaeModel Trained(VaeConfig config, ImageTensors training, ImageTensors validation, int epochs, int seed)
    {
        var model = VaeTrainer.CreateModel(config, seed);
        new VaeTrainer().Train(model, training, validation, new TrainingOptions { Epochs = epochs, BatchSize = 32, LearningRate = 2e-3, EarlyStopping = false });
        return model;
    }
}

using LatentDash.Models.Data;
using LatentDash.Models.Experiments;
using LatentDash.Models.Latent;
using LatentDash.Models.Networks;
using LatentDash.Models.Tests.Experiments;
using LatentDash.Models.Tests.Support;
using LatentDash.Models.Training;

namespace LatentDash.Models.Tests.Latent;

public class ExplorableModelTests
{
    [Theory]
    [InlineData(BranchedVaeConfig.Name)]
    [InlineData(ConditionalVaeConfig.Name)]
    public void A_stored_model_encodes_the_validation_set_and_decodes_points(string architecture)
    {
        using var temp = new TempDirectory();
        var dataset = new DatasetCatalog(Fixtures.DataRoot).Load("mnist");
        var store = new ExperimentStore(temp.Path);
        using var train = ImageTensors.From(dataset.Train);
        using var model = VaeTrainer.CreateModel(Synthetic.Config(architecture, latentDim: 3) with { Dataset = "mnist" }, seed: 4);
        var parameters = ExperimentStoreTests.TrainedParams(store, model, train, "run", out var result);
        var directory = store.Write(parameters, model, result);
        var validation = ImageTensors.From(dataset.Validation);

        using var explorable = ExplorableModel.Load(directory, validation, dataset.Manifest.ClassNames);

        Assert.Equal((200, 3), (explorable.Space.Count, explorable.Space.Dimensions));
        Assert.Equal(dataset.Validation.Labels, explorable.Space.Labels);
        Assert.Equal(1.0, explorable.Pca.ExplainedVarianceRatio.Sum(), 6);

        var pixels = explorable.Decode(explorable.Pca.InverseTransform([1.0, -0.5]));
        Assert.Equal(784, pixels.Length);
        Assert.All(pixels, p => Assert.InRange(p, 0f, 1f));
        Assert.NotEqual(pixels, explorable.Decode(explorable.Pca.InverseTransform([-1.0, 0.5])));

        Assert.Equal(dataset.Validation.Pixels[..784].Select(b => b / 255f), explorable.InputImage(0));
        Assert.Equal(784, explorable.Reconstruction(0).Length);

        var probabilities = explorable.ClassProbabilities(pixels);
        Assert.Equal(model.HasClassifier, probabilities is not null);
        if (probabilities is not null)
        {
            Assert.Equal(10, probabilities.Length);
            Assert.Equal(1.0, probabilities.Sum(), 4);
        }
    }

    [Fact]
    public void Decoding_a_vector_of_the_wrong_length_is_refused()
    {
        using var temp = new TempDirectory();
        var dataset = new DatasetCatalog(Fixtures.DataRoot).Load("mnist");
        var store = new ExperimentStore(temp.Path);
        using var train = ImageTensors.From(dataset.Train);
        using var model = VaeTrainer.CreateModel(Synthetic.Config(BetaVaeConfig.Name, latentDim: 2) with { Dataset = "mnist" }, seed: 4);
        using var few = train.Take(64);
        var parameters = ExperimentStoreTests.TrainedParams(store, model, few, "run", out var result);
        var directory = store.Write(parameters, model, result);
        using var explorable = ExplorableModel.Load(directory, ImageTensors.From(dataset.Validation), dataset.Manifest.ClassNames);

        Assert.Throws<ArgumentException>(() => explorable.Decode([1.0, 2.0, 3.0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => explorable.Projection((ProjectionKind)7));
    }

    [Fact]
    public void A_conditioned_decoder_refuses_a_class_it_does_not_know_and_reports_its_shape()
    {
        using var temp = new TempDirectory();
        var dataset = new DatasetCatalog(Fixtures.DataRoot).Load("mnist");
        var store = new ExperimentStore(temp.Path);
        using var train = ImageTensors.From(dataset.Train);
        using var few = train.Take(64);
        using var model = VaeTrainer.CreateModel(Synthetic.Config(ConditionalVaeConfig.Name, latentDim: 2, conditionedDecoder: true) with { Dataset = "mnist" }, seed: 4);
        var parameters = ExperimentStoreTests.TrainedParams(store, model, few, "run", out var result);
        var directory = store.Write(parameters, model, result);
        using var explorable = ExplorableModel.Load(directory, ImageTensors.From(dataset.Validation), dataset.Manifest.ClassNames);

        Assert.Equal(new ModelShape(2, 10, true, 200), explorable.Shape);
        Assert.Equal(784, explorable.Decode([0.0, 0.0], 9).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => explorable.Decode([0.0, 0.0], 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => explorable.Decode([0.0, 0.0], -1));
    }
}

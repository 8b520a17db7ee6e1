using LatentDash.Models.Data;
using LatentDash.Models.Experiments;
using LatentDash.Models.Latent;
using LatentDash.Models.Networks;
using LatentDash.Models.Training;

namespace LatentDash.Models.Tests.Support;

/// <summary>One branched VAE trained on the committed Fashion fixture (latent dim 4, 5 epochs: seconds), stored
/// and opened as the explorer opens it; shared by the tests of a class.</summary>
public sealed class TrainedFixtureModel : IDisposable
{
    private readonly TempDirectory temp = new();

    public TrainedFixtureModel()
    {
        var dataset = new DatasetCatalog(Fixtures.DataRoot).Load("fashion");
        using var train = ImageTensors.From(dataset.Train);
        using var validation = ImageTensors.From(dataset.Validation);
        // A heavy class loss and a few epochs: the head must be sure of some decodes for counterfactuals to have a target.
        var config = (BranchedVaeConfig)Architectures.CreateConfig(BranchedVaeConfig.Name, new VaeHyperparameters("fashion", 4, 4)) with { ClassLossWeight = 50 };
        var options = new TrainingOptions { Epochs = 5, BatchSize = 32, LearningRate = 1e-3, Seed = 3 };
        using var network = VaeTrainer.CreateModel(config, options.Seed);
        var result = new VaeTrainer().Train(network, train, validation, options);
        var store = new ExperimentStore(temp.Path);
        var now = DateTimeOffset.UtcNow;
        Directory = store.Write(
            new ExperimentParams { Run = "fixture", Model = store.NewModelName("fixture", config, now), Vae = config, Training = options, Created = now },
            network, result);
        Model = ExplorableModel.Load(Directory, ImageTensors.From(dataset.Validation), dataset.Manifest.ClassNames);
    }

    public string Directory { get; }

    public ExplorableModel Model { get; }

    public void Dispose()
    {
        Model.Dispose();
        temp.Dispose();
    }
}

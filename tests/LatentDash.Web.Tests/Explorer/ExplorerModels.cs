using LatentDash.Models.Data;
using LatentDash.Models.Experiments;
using LatentDash.Models.Networks;
using LatentDash.Models.Training;

namespace LatentDash.Web.Tests.Explorer;

/// <summary>Tiny real models on the committed Fashion-MNIST fixture, written into an experiments folder under run
/// "e": a conditional VAE whose decoder is conditioned on the class (latent dim 2) and a branched VAE (latent dim 3).</summary>
internal static class ExplorerModels
{
    public const string Run = "e";
    public const string Conditioned = "cvae-conditioned";
    public const string Branched = "branched";

    /// <summary>The model the explorer's address with no query opens: the first of the run's models, ordinal.</summary>
    public static string OpenedFirst => new[] { Branched, Conditioned }.Order(StringComparer.Ordinal).First();

    public static string DataRoot => Path.Combine(AppContext.BaseDirectory, "fixtures", "data");

    public static void Write(string experimentsRoot)
    {
        var dataset = new DatasetCatalog(DataRoot).Load("fashion");
        using var all = ImageTensors.From(dataset.Train);
        using var train = all.Take(64);
        var store = new ExperimentStore(experimentsRoot);
        Train(store, Conditioned, Architectures.CreateConfig(ConditionalVaeConfig.Name, new VaeHyperparameters("fashion", 2, 4) { ConditionedDecoder = true }), train);
        Train(store, Branched, Architectures.CreateConfig(BranchedVaeConfig.Name, new VaeHyperparameters("fashion", 3, 4)), train);
    }

    private static void Train(ExperimentStore store, string name, VaeConfig config, ImageTensors train)
    {
        var options = new TrainingOptions { Epochs = 1, BatchSize = 32, Seed = 5 };
        using var model = VaeTrainer.CreateModel(config, options.Seed);
        var result = new VaeTrainer().Train(model, train, train, options);
        store.Write(new ExperimentParams { Run = Run, Model = name, Vae = config, Training = options, Created = DateTimeOffset.UtcNow }, model, result);
    }
}

using LatentDash.Models.Experiments;
using LatentDash.Models.Networks;
using LatentDash.Models.Tests.Support;
using LatentDash.Models.Training;
using static TorchSharp.torch;

namespace LatentDash.Models.Tests.Experiments;

public class ExperimentStoreTests
{
    [Theory]
    [MemberData(nameof(Synthetic.ArchitectureNames), MemberType = typeof(Synthetic))]
    public void Load_after_save_gives_identical_outputs(string architecture)
    {
        using var temp = new TempDirectory();
        var store = new ExperimentStore(temp.Path);
        using var data = Synthetic.Images(32, seed: 1);
        using var model = VaeTrainer.CreateModel(Synthetic.Config(architecture), seed: 2);
        var parameters = TrainedParams(store, model, data, "run1", out var result);

        var directory = store.Write(parameters, model, result);
        using var loaded = ExperimentFolder.LoadModel(directory);

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        model.eval();
        Assert.IsType(model.GetType(), loaded);
        var (mu1, logVar1) = model.Encode(data.Images, data.Labels);
        var (mu2, logVar2) = loaded.Encode(data.Images, data.Labels);
        Assert.Equal(mu1.data<float>().ToArray(), mu2.data<float>().ToArray());
        Assert.Equal(logVar1.data<float>().ToArray(), logVar2.data<float>().ToArray());
        Assert.Equal(model.Decode(mu1, data.Labels).data<float>().ToArray(), loaded.Decode(mu1, data.Labels).data<float>().ToArray());
        if (model.HasClassifier)
        {
            Assert.Equal(model.ClassProbabilities(data.Images)!.data<float>().ToArray(), loaded.ClassProbabilities(data.Images)!.data<float>().ToArray());
        }
    }

    [Fact]
    public void A_model_folder_holds_the_same_files_for_every_architecture()
    {
        using var temp = new TempDirectory();
        var store = new ExperimentStore(temp.Path);
        using var data = Synthetic.Images(16, seed: 1);
        using var model = VaeTrainer.CreateModel(Synthetic.Config(BranchedVaeConfig.Name), seed: 2);
        var parameters = TrainedParams(store, model, data, "run1", out var result);

        var directory = store.Write(parameters, model, result);

        var files = Directory.GetFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(["classifier.dat", "decoder.dat", "encoder.dat", "history.json", "params.json", "params.txt", "summary.json"], files);
        var stored = store.Read("run1", parameters.Model);
        Assert.Equal(parameters, stored.Params with { Vae = stored.Params.Vae });
        Assert.Equal(parameters.Vae, stored.Params.Vae);
        Assert.Single(stored.History);
        Assert.Equal(result.Final.Validation, stored.Summary.Validation);
        Assert.Contains("\"architecture\": \"branched\"", File.ReadAllText(Path.Combine(directory, "params.json")), StringComparison.Ordinal);
        Assert.Contains("latent_dim: 4", File.ReadAllText(Path.Combine(directory, "params.txt")), StringComparison.Ordinal);
    }

    [Fact]
    public void Model_names_carry_the_key_hyperparameters_and_four_words()
    {
        var config = Synthetic.Config(ConditionalVaeConfig.Name, latentDim: 10, beta: 4) with { Dataset = "fashion" };
        var name = ModelNameGenerator.Create(config, new DateTimeOffset(2026, 1, 1, 13, 33, 0, TimeSpan.Zero), _ => false, new Random(1));

        Assert.Matches("^cvae-fashion-b4-d10-1333-[a-z]+-[a-z]+-[a-z]+-[a-z]+$", name);
        Assert.True(ExperimentNames.IsValid(name));
    }

    [Fact]
    public void A_failed_write_leaves_no_folder_that_looks_finished()
    {
        using var temp = new TempDirectory();
        var store = new ExperimentStore(temp.Path);
        using var data = Synthetic.Images(16, seed: 1);
        using var model = VaeTrainer.CreateModel(Synthetic.Config(BetaVaeConfig.Name), seed: 2);
        var parameters = TrainedParams(store, model, data, "run1", out var result);
        store.Write(parameters, model, result);
        var before = Directory.GetFiles(store.ModelDirectory("run1", parameters.Model)).Length;

        Assert.Throws<IOException>(() => store.Write(parameters, model, result));

        Assert.Equal(before, Directory.GetFiles(store.ModelDirectory("run1", parameters.Model)).Length);
        Assert.Single(Directory.GetDirectories(Path.Combine(temp.Path, "run1")));
    }

    [Fact]
    public void Temporary_folders_of_an_interrupted_write_are_not_listed_and_are_cleaned_up()
    {
        using var temp = new TempDirectory();
        var store = new ExperimentStore(temp.Path);
        var leftover = Path.Combine(temp.Path, "run1", ".tmp-bvae-x-123");
        Directory.CreateDirectory(leftover);
        File.WriteAllText(Path.Combine(leftover, "params.json"), "{}");

        Assert.Empty(store.EnumerateModels());
        Assert.Equal(1, store.RemoveLeftovers(TimeSpan.Zero));
        Assert.False(Directory.Exists(leftover));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("../../etc")]
    [InlineData("")]
    [InlineData("name with space")]
    public void Names_that_could_escape_the_root_are_rejected(string name)
    {
        var store = new ExperimentStore(Path.GetTempPath());
        Assert.Throws<ArgumentException>(() => store.ModelDirectory(name, "model"));
        Assert.Throws<ArgumentException>(() => store.ModelDirectory("run", name));
    }

    [Fact]
    public void Loading_a_folder_with_a_missing_weights_file_names_the_file()
    {
        using var temp = new TempDirectory();
        var store = new ExperimentStore(temp.Path);
        using var data = Synthetic.Images(16, seed: 1);
        using var model = VaeTrainer.CreateModel(Synthetic.Config(BetaVaeConfig.Name), seed: 2);
        var parameters = TrainedParams(store, model, data, "run1", out var result);
        var directory = store.Write(parameters, model, result);
        File.Delete(Path.Combine(directory, "decoder.dat"));

        var error = Assert.Throws<FileNotFoundException>(() => ExperimentFolder.LoadModel(directory));
        Assert.Contains("decoder.dat", error.Message, StringComparison.Ordinal);
    }

    internal static ExperimentParams TrainedParams(ExperimentStore store, VaeModel model, ImageTensors data, string run, out TrainingResult result)
    {
        var options = new TrainingOptions { Epochs = 1, BatchSize = 16, Seed = 2 };
        result = new VaeTrainer().Train(model, data, data, options);
        var now = DateTimeOffset.UtcNow;
        return new ExperimentParams
        {
            Run = run,
            Model = store.NewModelName(run, model.Config, now),
            Vae = model.Config,
            Training = options,
            Created = now,
        };
    }
}

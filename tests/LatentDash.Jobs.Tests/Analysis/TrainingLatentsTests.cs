using LatentDash.Jobs.Analysis;
using LatentDash.Jobs.Tests.Faults;
using LatentDash.Models.Analysis;
using LatentDash.Models.Data;
using LatentDash.Models.Experiments;
using LatentDash.Models.Latent;
using LatentDash.Models.Training;
using Microsoft.Extensions.Logging.Abstractions;
using static TorchSharp.torch;

namespace LatentDash.Jobs.Tests.Analysis;

/// <summary>The latent means of a model's whole training set, for the explorer's density view.</summary>
[Collection(nameof(FaultProcesses))]
public sealed class TrainingLatentsTests(TrainedModel trained)
{
    [Fact]
    public async Task Every_training_image_is_encoded_once_and_read_from_beside_the_model_the_second_time()
    {
        using var root = new StorageRoot(trained.Experiments);
        var store = new ExperimentStore(root.Experiments);
        var catalog = new DatasetCatalog(Path.Combine(root.Path, "data"));
        using var runner = new AnalysisRunner(NullLogger<AnalysisRunner>.Instance);
        await runner.StartAsync(CancellationToken.None);
        var latents = new TrainingLatents(runner, store, catalog);

        var ticket = latents.Compute(TrainedModel.Run, trained.Model);
        Assert.Same(ticket, latents.Running(TrainedModel.Run, trained.Model) ?? ticket);
        var space = await ticket.Completion.WaitAsync(TimeSpan.FromMinutes(2));

        var train = catalog.Load("mnist").Train;
        Assert.Equal(train.Count, space.Count);
        Assert.Equal(store.Read(TrainedModel.Run, trained.Model).Params.Vae.LatentDim, space.Dimensions);
        Assert.Equal(train.Labels, space.Labels);
        // The same means as the explorer's encoder gives on the whole set at once.
        using (var network = store.LoadModel(TrainedModel.Run, trained.Model))
        using (var tensors = ImageTensors.From(train))
        {
            var direct = LatentEncoder.Encode(network, tensors, space.ClassNames);
            Assert.Equal(direct.Mu, space.Mu);
        }

        var file = CacheFile(store);
        Assert.Equal(LatentSpaceFile.Write(space), File.ReadAllBytes(file));
        // Mark the file: a second computation that reads it sees the mark; one that encoded again would not.
        var bytes = File.ReadAllBytes(file);
        BitConverter.GetBytes(123.5f).CopyTo(bytes, 16);
        File.WriteAllBytes(file, bytes);

        var again = await latents.Compute(TrainedModel.Run, trained.Model).Completion.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(123.5f, again.Mu[0]);
        Assert.Equal(space.Mu[1..], again.Mu[1..]);
        Assert.Equal(bytes, File.ReadAllBytes(file));
        await runner.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void New_weights_are_never_shown_the_latents_of_the_old_ones()
    {
        using var root = new StorageRoot(trained.Experiments);
        var store = new ExperimentStore(root.Experiments);
        using var runner = new AnalysisRunner(NullLogger<AnalysisRunner>.Instance);
        var latents = new TrainingLatents(runner, store, new DatasetCatalog(Path.Combine(root.Path, "data")));
        var before = latents.Load(TrainedModel.Run, trained.Model, new Progress<double>(), CancellationToken.None);
        var oldFile = CacheFile(store);

        using (var network = store.LoadModel(TrainedModel.Run, trained.Model))
        {
            using (no_grad())
            {
                foreach (var parameter in network.parameters())
                {
                    parameter.add_(0.05f);
                }
            }

            network.SaveWeights(store.ModelDirectory(TrainedModel.Run, trained.Model));
        }

        var after = latents.Load(TrainedModel.Run, trained.Model, new Progress<double>(), CancellationToken.None);

        Assert.NotEqual(before.Mu, after.Mu);
        var newFile = CacheFile(store);
        Assert.NotEqual(oldFile, newFile);
        Assert.False(File.Exists(oldFile));
        Assert.Equal(LatentSpaceFile.Write(after), File.ReadAllBytes(newFile));
    }

    [Fact]
    public void A_model_name_outside_the_naming_rule_is_refused_before_anything_is_queued()
    {
        using var runner = new AnalysisRunner(NullLogger<AnalysisRunner>.Instance);
        var latents = new TrainingLatents(runner, new ExperimentStore(Path.GetTempPath()), new DatasetCatalog(Path.GetTempPath()));

        Assert.ThrowsAny<ArgumentException>(() => latents.Compute("..", "x"));
        Assert.Equal(0, runner.Count);
    }

    // The validation latents of the explorer live in the same folder under another set key.
    private string CacheFile(ExperimentStore store) =>
        Directory.GetFiles(Path.Combine(store.ModelDirectory(TrainedModel.Run, trained.Model), AnalysisCache.Folder), "latents-train-*.bin").Single();
}

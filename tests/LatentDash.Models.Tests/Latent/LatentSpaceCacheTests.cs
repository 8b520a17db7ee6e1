using LatentDash.Models.Analysis;
using LatentDash.Models.Data;
using LatentDash.Models.Experiments;
using LatentDash.Models.Latent;
using LatentDash.Models.Networks;
using LatentDash.Models.Tests.Experiments;
using LatentDash.Models.Tests.Support;
using LatentDash.Models.Training;

namespace LatentDash.Models.Tests.Latent;

public class LatentSpaceCacheTests
{
    [Fact]
    public void A_second_open_reads_the_encoded_validation_set_from_beside_the_model()
    {
        using var temp = new TempDirectory();
        var directory = TrainedModel(temp.Path);
        var sets = new ValidationSets(new DatasetCatalog(Fixtures.DataRoot));
        var validation = sets.Get("mnist");

        using var first = ExplorableModel.Load(directory, validation);
        var cached = Directory.GetFiles(Path.Combine(directory, AnalysisCache.Folder), "latents-*.bin");
        Assert.Single(cached);
        // Mark the file: if the second open reads it, it sees the mark; if it encoded again, it would not.
        var bytes = File.ReadAllBytes(cached[0]);
        BitConverter.GetBytes(123.5f).CopyTo(bytes, 16);
        File.WriteAllBytes(cached[0], bytes);

        using var second = ExplorableModel.Load(directory, validation);

        Assert.Equal(123.5f, second.Space.Mu[0]);
        Assert.Equal(first.Space.Mu[1..], second.Space.Mu[1..]);
        Assert.Equal(first.Space.LogVar, second.Space.LogVar);
        Assert.Equal(first.Space.Labels, second.Space.Labels);
        Assert.Same(validation, sets.Get("mnist"));
    }

    [Fact]
    public void A_damaged_cache_file_is_encoded_anew_and_replaced()
    {
        using var temp = new TempDirectory();
        var directory = TrainedModel(temp.Path);
        var validation = new ValidationSets(new DatasetCatalog(Fixtures.DataRoot)).Get("mnist");
        using var first = ExplorableModel.Load(directory, validation);
        var cached = Directory.GetFiles(Path.Combine(directory, AnalysisCache.Folder), "latents-*.bin").Single();
        File.WriteAllBytes(cached, File.ReadAllBytes(cached)[..100]);

        using var second = ExplorableModel.Load(directory, validation);

        Assert.Equal(first.Space.Mu, second.Space.Mu);
        Assert.Equal(LatentSpaceFile.Write(first.Space), File.ReadAllBytes(cached));
    }

    [Fact]
    public void Bytes_of_another_validation_set_or_latent_size_are_not_read_as_this_space()
    {
        var space = new LatentSpace([1, 2, 3, 4], [0, 0, 0, 0], [0, 1], 2, ["a", "b"]);
        var bytes = LatentSpaceFile.Write(space);

        Assert.Equal(space.Mu, LatentSpaceFile.Read(bytes, 2, [0, 1], ["a", "b"])!.Mu);
        Assert.Null(LatentSpaceFile.Read(bytes, 1, [0, 1], ["a", "b"]));
        Assert.Null(LatentSpaceFile.Read(bytes, 2, [1, 0], ["a", "b"]));
        Assert.Null(LatentSpaceFile.Read(bytes, 2, [0, 1, 1], ["a", "b"]));
        Assert.Null(LatentSpaceFile.Read(bytes.AsSpan(0, bytes.Length - 1), 2, [0, 1], ["a", "b"]));
    }

    [Fact]
    public void The_validation_set_is_read_again_when_its_files_change()
    {
        using var temp = new TempDirectory();
        var root = Fixtures.CopyDataRoot(temp.Path);
        var sets = new ValidationSets(new DatasetCatalog(root));
        var before = sets.Get("mnist");
        var labels = Directory.GetFiles(Path.Combine(root, "mnist"), "*val*labels*").Single();
        File.SetLastWriteTimeUtc(labels, DateTime.UtcNow.AddMinutes(5));

        var after = sets.Get("mnist");

        Assert.NotSame(before, after);
        Assert.Equal(before.Key, after.Key);
    }

    private static string TrainedModel(string root)
    {
        var dataset = new DatasetCatalog(Fixtures.DataRoot).Load("mnist");
        var store = new ExperimentStore(Path.Combine(root, "experiments"));
        using var train = ImageTensors.From(dataset.Train);
        using var few = train.Take(64);
        using var model = VaeTrainer.CreateModel(Synthetic.Config(BranchedVaeConfig.Name, latentDim: 3) with { Dataset = "mnist" }, seed: 4);
        var parameters = ExperimentStoreTests.TrainedParams(store, model, few, "run", out var result);
        return store.Write(parameters, model, result);
    }
}

using LatentDash.Models.Data;
using LatentDash.Models.Experiments;
using LatentDash.Models.Latent;
using LatentDash.Models.Networks;
using LatentDash.Models.Tests.Experiments;
using LatentDash.Models.Tests.Support;
using LatentDash.Models.Training;
using Microsoft.Extensions.Logging.Abstractions;

namespace LatentDash.Models.Tests.Latent;

public sealed class ExplorableModelCacheTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly ExperimentStore store;
    private readonly List<string> models = [];

    public ExplorableModelCacheTests()
    {
        store = new ExperimentStore(temp.Path);
        var dataset = new DatasetCatalog(Fixtures.DataRoot).Load("mnist");
        using var train = ImageTensors.From(dataset.Train);
        using var few = train.Take(128);
        for (var i = 0; i < 2; i++)
        {
            using var model = VaeTrainer.CreateModel(Synthetic.Config(BetaVaeConfig.Name, latentDim: 2 + i) with { Dataset = "mnist" }, seed: i);
            var parameters = ExperimentStoreTests.TrainedParams(store, model, few, "run", out var result);
            store.Write(parameters, model, result);
            models.Add(parameters.Model);
        }
    }

    [Fact]
    public async Task A_model_is_loaded_once_and_shared()
    {
        using var cache = NewCache(capacity: 2);

        using var first = await cache.AcquireAsync("run", models[0]);
        using var second = await cache.AcquireAsync("run", models[0]);

        Assert.Same(first.Model, second.Model);
        Assert.Equal(200, first.Model.Space.Count);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public async Task The_least_recently_used_model_is_evicted_and_disposed_once_released()
    {
        using var cache = NewCache(capacity: 1);
        var held = await cache.AcquireAsync("run", models[0]);

        using (var other = await cache.AcquireAsync("run", models[1]))
        {
            Assert.Equal(1, cache.Count);
            // Still leased: usable although evicted.
            Assert.Equal(784, held.Model.Decode([0.0, 0.0]).Length);
        }

        var evicted = held.Model;
        held.Dispose();
        Assert.ThrowsAny<Exception>(() => evicted.Decode([0.0, 0.0]));
        using var again = await cache.AcquireAsync("run", models[0]);
        Assert.NotSame(evicted, again.Model);
    }

    [Fact]
    public async Task A_broken_model_fails_with_the_file_and_is_not_kept()
    {
        using var cache = NewCache(capacity: 2);
        var directory = store.ModelDirectory("run", models[1]);
        File.Move(Path.Combine(directory, "encoder.dat"), Path.Combine(temp.Path, "encoder.dat"));

        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => cache.AcquireAsync("run", models[1]));
        Assert.Contains("encoder.dat", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, cache.Count);

        File.Move(Path.Combine(temp.Path, "encoder.dat"), Path.Combine(directory, "encoder.dat"));
        using var lease = await cache.AcquireAsync("run", models[1]);
        Assert.Equal(3, lease.Model.Space.Dimensions);
    }

    [Fact]
    public async Task Unsafe_names_never_reach_the_file_system()
    {
        using var cache = NewCache(capacity: 2);
        await Assert.ThrowsAsync<ArgumentException>(() => cache.AcquireAsync("..", models[0]));
        await Assert.ThrowsAsync<ArgumentException>(() => cache.AcquireAsync("run", "../run"));
    }

    public void Dispose() => temp.Dispose();

    private ExplorableModelCache NewCache(int capacity) =>
        new(store, new DatasetCatalog(Fixtures.DataRoot), capacity, NullLogger<ExplorableModelCache>.Instance);
}

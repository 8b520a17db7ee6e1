using LatentDash.Models.Data;
using LatentDash.Models.Experiments;
using LatentDash.Models.Latent;
using LatentDash.Web.Analysis.Reconstructions;
using LatentDash.Web.Tests.Explorer;
using Microsoft.Extensions.Logging.Abstractions;

namespace LatentDash.Web.Tests.Analysis;

/// <summary>The reconstructions page's holder of several leases, on real tiny models (two good, one with a truncated
/// weights file).</summary>
public sealed class ModelLeasesTests : IDisposable
{
    private const string Broken = "broken";
    private readonly string root = Path.Combine(Path.GetTempPath(), "latentdash-leases-" + Guid.NewGuid().ToString("N"));
    private readonly ExplorableModelCache cache;

    public ModelLeasesTests()
    {
        ExplorerModels.Write(root);
        var good = Path.Combine(root, ExplorerModels.Run, ExplorerModels.Branched);
        var broken = Directory.CreateDirectory(Path.Combine(root, ExplorerModels.Run, Broken)).FullName;
        foreach (var file in Directory.GetFiles(good))
        {
            File.Copy(file, Path.Combine(broken, Path.GetFileName(file)));
        }

        using (var decoder = File.OpenWrite(Path.Combine(broken, "decoder.dat")))
        {
            decoder.SetLength(decoder.Length / 2);
        }

        cache = new ExplorableModelCache(new ExperimentStore(root), new DatasetCatalog(ExplorerModels.DataRoot), capacity: 4, maxConcurrentLoads: 2, NullLogger<ExplorableModelCache>.Instance);
    }

    [Fact]
    public async Task Each_wanted_model_is_leased_once_and_a_changed_set_releases_the_ones_left_out()
    {
        using var leases = new ModelLeases(cache);

        leases.Set([(ExplorerModels.Run, ExplorerModels.Branched), (ExplorerModels.Run, ExplorerModels.Conditioned)]);
        Assert.True(await Until(() => leases.Models.All(m => m.Model is not null)));
        Assert.Equal(2, cache.Statistics.Leases);
        var branched = leases.Find(ExplorerModels.Run, ExplorerModels.Branched)!.Model;

        leases.Set([(ExplorerModels.Run, ExplorerModels.Branched)]);

        Assert.Equal(1, cache.Statistics.Leases);
        Assert.Same(branched, Assert.Single(leases.Models).Model);
        Assert.Null(leases.Find(ExplorerModels.Run, ExplorerModels.Conditioned));
    }

    [Fact]
    public async Task A_broken_model_fails_alone_with_a_message_while_the_others_load()
    {
        using var leases = new ModelLeases(cache);
        var changes = 0;
        leases.Changed += () => Interlocked.Increment(ref changes);

        leases.Set([(ExplorerModels.Run, Broken), (ExplorerModels.Run, ExplorerModels.Conditioned)]);

        Assert.True(await Until(() => leases.Models.All(m => !m.IsLoading)));
        var broken = leases.Find(ExplorerModels.Run, Broken)!;
        Assert.Null(broken.Model);
        Assert.Contains("e/broken could not be opened", broken.Error, StringComparison.Ordinal);
        Assert.Contains("decoder.dat", broken.Error, StringComparison.Ordinal);
        Assert.NotNull(leases.Find(ExplorerModels.Run, ExplorerModels.Conditioned)!.Model);
        Assert.Equal(2, Volatile.Read(ref changes));
        Assert.Equal(1, cache.Statistics.Leases);
    }

    [Fact]
    public async Task Disposing_mid_load_releases_the_leases_that_arrive_later()
    {
        var leases = new ModelLeases(cache);

        leases.Set([(ExplorerModels.Run, ExplorerModels.Branched), (ExplorerModels.Run, ExplorerModels.Conditioned)]);
        leases.Dispose();

        Assert.True(await Until(() => cache.Statistics is { Leases: 0, LoadsRunning: 0 }), cache.Statistics.ToString());
        Assert.Empty(leases.Models);
    }

    public void Dispose()
    {
        cache.Dispose();
        Directory.Delete(root, recursive: true);
    }

    private static async Task<bool> Until(Func<bool> condition)
    {
        for (var i = 0; i < 1000 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        return condition();
    }
}

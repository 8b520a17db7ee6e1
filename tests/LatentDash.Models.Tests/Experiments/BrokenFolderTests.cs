using System.Text.RegularExpressions;
using LatentDash.Models.Experiments;
using LatentDash.Models.Networks;
using LatentDash.Models.Tests.Support;
using LatentDash.Models.Training;
using LiteDB;

namespace LatentDash.Models.Tests.Experiments;

/// <summary>Whatever one model folder holds, synchronising the index lists it (broken, with a reason naming the file)
/// and the other folders stay intact.</summary>
public partial class BrokenFolderTests
{
    public static TheoryData<string, string, string> Damages => new()
    {
        { "params_vae_null", "params.json", "no 'vae'" },
        { "params_training_null", "params.json", "no 'training'" },
        { "params_malformed", "params.json", "is not valid" },
        { "params_is_a_directory", "params.json", "is a directory" },
        { "summary_validation_null", "summary.json", "no 'validation'" },
        { "summary_empty", "summary.json", "is not valid" },
        { "summary_is_a_directory", "summary.json", "is a directory" },
        { "history_null_epoch", "history.json", "null epoch" },
        { "weights_missing", "decoder.dat", "is missing" },
        { "weights_truncated", "encoder.dat", "truncated" },
    };

    [Theory]
    [MemberData(nameof(Damages))]
    public void A_damaged_folder_is_listed_as_broken_naming_the_file_and_the_others_stay_complete(string damage, string file, string reason)
    {
        using var temp = new TempDirectory();
        var store = new ExperimentStore(Path.Combine(temp.Path, "experiments"));
        var (good, bad) = WriteTwoModels(store);
        Damage(store.ModelDirectory("run", bad), damage);
        using var db = new LiteDatabase(new MemoryStream());
        var index = new LiteDbExperimentIndex(store, db);

        var result = index.Synchronize();

        var broken = Assert.Single(result.Broken);
        Assert.Equal($"run/{bad}", broken.Id);
        var stored = index.Find("run", bad)!;
        Assert.Equal(ExperimentStatus.Broken, stored.Status);
        Assert.NotNull(stored.Architecture); // LiteDB keeps "" as null; the entry reads it back as ""
        Assert.NotNull(stored.Dataset);
        Assert.Contains(file, broken.Error, StringComparison.Ordinal);
        Assert.Contains(reason, broken.Error, StringComparison.Ordinal);
        Assert.Equal(ExperimentStatus.Complete, index.Find("run", good)!.Status);
        Assert.Equal(2, index.Query(new ExperimentQuery()).Count);
        Assert.Empty(index.Synchronize().Broken); // unchanged: not read, not reported again
    }

    [Fact]
    public void Loading_a_model_with_truncated_weights_fails_naming_the_file()
    {
        using var temp = new TempDirectory();
        var store = new ExperimentStore(Path.Combine(temp.Path, "experiments"));
        var (_, bad) = WriteTwoModels(store);
        Damage(store.ModelDirectory("run", bad), "weights_truncated");

        var error = Assert.Throws<InvalidDataException>(() => store.LoadModel("run", bad));

        Assert.Contains(Path.Combine(store.ModelDirectory("run", bad), "encoder.dat"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Folders_deleted_and_recreated_while_the_index_synchronises_never_fail_a_pass()
    {
        using var temp = new TempDirectory();
        var store = new ExperimentStore(Path.Combine(temp.Path, "experiments"));
        var (good, source) = WriteTwoModels(store);
        using var db = new LiteDatabase(new MemoryStream());
        var index = new LiteDbExperimentIndex(store, db);
        using var stop = new CancellationTokenSource();
        var copies = 0;
        var churn = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var copy = Path.Combine(store.Root, "churn", "copy");
                Directory.CreateDirectory(copy);
                foreach (var f in Directory.GetFiles(store.ModelDirectory("run", source)))
                {
                    try
                    {
                        File.Copy(f, Path.Combine(copy, Path.GetFileName(f)), overwrite: true);
                    }
                    catch (IOException)
                    {
                        // .NET locks a copy's destination (flock) once it has created it; a pass reading that file in
                        // between makes this copy fail, not the pass: the folder is then half copied, which is the point.
                    }
                }

                Directory.Delete(Path.Combine(store.Root, "churn"), recursive: true);
                Interlocked.Increment(ref copies);
            }
        });

        var passes = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while ((Volatile.Read(ref copies) < 100 || passes < 100) && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            index.Synchronize();
            passes++;
        }

        await stop.CancelAsync();
        await churn;
        Assert.True(copies >= 100 && passes >= 100, $"{copies} copies, {passes} passes");
        Assert.Equal(ExperimentStatus.Complete, index.Find("run", good)!.Status);
        index.Synchronize();
        Assert.Null(index.Find("churn", "copy"));
    }

    internal static (string Good, string Bad) WriteTwoModels(ExperimentStore store)
    {
        using var data = Synthetic.Images(16, seed: 1);
        var names = new List<string>();
        foreach (var dim in new[] { 2, 3 })
        {
            using var model = VaeTrainer.CreateModel(Synthetic.Config(BetaVaeConfig.Name, dim, 2.0), seed: 1);
            var parameters = ExperimentStoreTests.TrainedParams(store, model, data, "run", out var result);
            store.Write(parameters, model, result);
            names.Add(parameters.Model);
        }

        return (names[0], names[1]);
    }

    internal static void Damage(string directory, string damage)
    {
        string PathOf(string file) => Path.Combine(directory, file);
        void Replace(string file, Func<string, string> edit) => File.WriteAllText(PathOf(file), edit(File.ReadAllText(PathOf(file))));
        void MakeDirectory(string file)
        {
            File.Delete(PathOf(file));
            Directory.CreateDirectory(PathOf(file));
        }

        switch (damage)
        {
            case "params_vae_null":
                Replace("params.json", t => Section("vae").Replace(t, "\"vae\": null,", 1));
                break;
            case "params_training_null":
                Replace("params.json", t => Section("training").Replace(t, "\"training\": null,", 1));
                break;
            case "params_malformed":
                Replace("params.json", t => t[..(t.Length / 2)]);
                break;
            case "params_is_a_directory":
                MakeDirectory("params.json");
                break;
            case "summary_validation_null":
                Replace("summary.json", t => Section("validation").Replace(t, "\"validation\": null,", 1));
                break;
            case "summary_empty":
                File.WriteAllText(PathOf("summary.json"), "");
                break;
            case "summary_is_a_directory":
                MakeDirectory("summary.json");
                break;
            case "history_null_epoch":
                File.WriteAllText(PathOf("history.json"), "[null]");
                break;
            case "weights_missing":
                File.Delete(PathOf("decoder.dat"));
                break;
            case "weights_truncated":
                using (var file = new FileStream(PathOf("encoder.dat"), FileMode.Open))
                {
                    file.SetLength(file.Length / 2);
                }

                break;
            default:
                throw new ArgumentException(damage, nameof(damage));
        }
    }

    /// <summary>A top-level JSON object section "name": { … }, (one level of nesting inside, as the files have).</summary>
    private static Regex Section(string name) => new($"\"{name}\": \\{{(?:[^{{}}]|\\{{[^{{}}]*\\}})*\\}},", RegexOptions.CultureInvariant);
}

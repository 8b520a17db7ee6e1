using System.Text.Json;
using LatentDash.Jobs.Cli;

namespace LatentDash.Jobs.Tests.Cli;

/// <summary>The command line end to end on the committed fixture: sweep, list, index rebuild, bad input.</summary>
[Collection(nameof(ConsoleUsers))]
public sealed class CliTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "latentdash-cli-" + Guid.NewGuid().ToString("N"));

    public CliTests()
    {
        var fixture = Path.Combine(AppContext.BaseDirectory, "fixtures", "data");
        foreach (var file in Directory.EnumerateFiles(fixture, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(root, "data", Path.GetRelativePath(fixture, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private string Experiments => Path.Combine(root, "experiments");

    private string Database => Path.Combine(root, "index.db");

    [Fact]
    public async Task A_sweep_trains_every_grid_point_and_list_shows_them_with_validation_losses()
    {
        var (code, output, errors) = await Run(
            "sweep", "--run", "fixture-sweep", "--dataset", "mnist", "--beta", "2,4", "--latent-dim", "2",
            "--epochs", "1", "--batch-size", "64", "--monitor", "original");

        Assert.True(code == 0, errors + output);
        Assert.Equal(6, Directory.GetDirectories(Path.Combine(Experiments, "fixture-sweep")).Length);
        Assert.Contains("[6/6]", output, StringComparison.Ordinal);

        var branched = Directory.GetDirectories(Path.Combine(Experiments, "fixture-sweep"), "bcvae-mnist-b4-d2-*").Single();
        using var parameters = JsonDocument.Parse(File.ReadAllText(Path.Combine(branched, "params.json")));
        Assert.Equal("class", parameters.RootElement.GetProperty("training").GetProperty("monitor").GetString());
        Assert.Equal("branched", parameters.RootElement.GetProperty("vae").GetProperty("architecture").GetString());

        (code, output, _) = await Run("list", "run=fixture-sweep", "beta=4");
        Assert.Equal(0, code);
        var rows = output.Split('\n').Where(l => l.StartsWith("fixture-sweep", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.Matches(@"\s\d+\.\d\d\s", r));
        Assert.Contains("3 model(s)", output, StringComparison.Ordinal);

        // A filter that chooses nothing says why: a key no model has (with the keys there are), or values none has.
        (code, output, _) = await Run("list", "run=fixture-sweep", "bta=4");
        Assert.Equal(0, code);
        Assert.StartsWith("No models match: no model has 'bta'; keys: ", output, StringComparison.Ordinal);
        Assert.Contains(", beta, ", output, StringComparison.Ordinal);
        Assert.Contains(", latent_dim, ", output, StringComparison.Ordinal);
        (code, output, _) = await Run("list", "run=fixture-sweep", "beta=3");
        Assert.Equal(0, code);
        Assert.StartsWith("No models match run=fixture-sweep beta=3 (6 model(s) indexed;", output, StringComparison.Ordinal);
        (code, output, _) = await Run("analyze", "latent_dim=9");
        Assert.Equal(0, code);
        Assert.StartsWith("No models match latent_dim=9 (6 model(s) indexed;", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_and_analyze_on_an_empty_index_say_there_are_no_models_yet()
    {
        foreach (var command in new[] { "list", "analyze" })
        {
            var (code, output, _) = await Run(command, "beta=4");

            Assert.Equal(0, code);
            Assert.StartsWith("No models yet. Train some with: latentdash sweep", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_sweep_over_a_dataset_that_is_not_available_is_refused_before_anything_is_trained()
    {
        var (code, output, errors) = await Run("sweep", "--run", "unknown", "--dataset", "mnist,nope", "--epochs", "1");

        Assert.Equal(2, code);
        Assert.Equal("error: dataset 'nope' is not available; known: fashion, mnist", errors.Trim());
        Assert.DoesNotContain("Run unknown", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Experiments, "unknown")), "the run's folder was made");
    }

    [Fact]
    public async Task A_sweep_trains_one_branched_model_per_class_loss_weight_and_records_weight_and_split()
    {
        var (code, output, errors) = await Run(
            "sweep", "--run", "weights", "--dataset", "mnist", "--architecture", "branched,beta-vae", "--beta", "4",
            "--latent-dim", "2", "--class-loss-weight", "0,10", "--epochs", "1", "--batch-size", "100");

        Assert.True(code == 0, errors + output);
        Assert.Contains("[3/3]", output, StringComparison.Ordinal);
        var weights = new List<double>();
        foreach (var model in Directory.GetDirectories(Path.Combine(Experiments, "weights")))
        {
            using var parameters = JsonDocument.Parse(File.ReadAllText(Path.Combine(model, "params.json")));
            var vae = parameters.RootElement.GetProperty("vae");
            if (vae.GetProperty("architecture").GetString() == "branched")
            {
                weights.Add(vae.GetProperty("class_loss_weight").GetDouble());
            }

            // The fixture's manifest names its source and split; the model keeps them as they were when it was trained.
            Assert.Equal("seeded", parameters.RootElement.GetProperty("dataset_split").GetString());
            Assert.StartsWith("test fixture:", parameters.RootElement.GetProperty("dataset_source").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal([0.0, 10.0], weights.Order());
    }

    [Fact]
    public async Task Models_trained_at_once_are_the_models_trained_one_after_another_on_as_many_threads()
    {
        string[] grid = ["--dataset", "mnist", "--architecture", "branched,beta-vae", "--beta", "2,4", "--latent-dim", "2",
            "--epochs", "1", "--batch-size", "64"];
        var (code, output, errors) = await Run(["sweep", "--run", "one-by-one", "--threads", "1", .. grid]);
        Assert.True(code == 0, errors + output);

        // Two at once share Storage:TorchThreads (2): one thread each.
        (code, output, errors) = await Run(["sweep", "--run", "two-at-once", "--at-once", "2", .. grid]);

        Assert.True(code == 0, errors + output);
        Assert.Contains("[4/4]", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", output, StringComparison.Ordinal);
        var alone = Histories("one-by-one");
        var together = Histories("two-at-once");
        Assert.Equal(4, alone.Count);
        Assert.Equal(alone.Keys.Order(), together.Keys.Order());
        foreach (var (key, history) in alone)
        {
            Assert.Equal(history, together[key]);
        }

        // Both indexed their models while the other trained.
        (code, output, _) = await Run("list", "run=two-at-once");
        Assert.Equal(0, code);
        Assert.Equal(4, output.Split('\n').Count(l => l.StartsWith("two-at-once", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_sweep_refuses_an_at_once_count_out_of_range_and_trains_nothing()
    {
        var (code, _, errors) = await Run("sweep", "--run", "many", "--dataset", "mnist", "--at-once", "17", "--epochs", "1");

        Assert.Equal(2, code);
        Assert.Contains("--at-once must be in 1..16, got 17", errors, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Experiments, "many")));
    }

    [Fact]
    public async Task The_index_is_rebuilt_from_the_folders_after_the_database_is_deleted()
    {
        var (code, _, errors) = await Run("sweep", "--run", "r1", "--dataset", "fashion", "--architecture", "beta-vae",
            "--beta", "4", "--latent-dim", "3", "--epochs", "1", "--batch-size", "100");
        Assert.True(code == 0, errors);
        File.Delete(Database);

        var (listCode, output, _) = await Run("list");

        Assert.Equal(0, listCode);
        Assert.Contains("1 model(s)", output, StringComparison.Ordinal);
        Assert.Contains("bvae-fashion-b4-d3-", output, StringComparison.Ordinal);
        (code, output, _) = await Run("index", "rebuild");
        Assert.Equal((0, "Indexed 1 model(s)."), (code, output.Trim()));
    }

    [Fact]
    public async Task Bad_sweep_values_are_all_reported_and_nothing_is_written()
    {
        var (code, _, errors) = await Run("sweep", "--run", "../escape", "--dataset", "mnist", "--beta", "-1,x",
            "--latent-dim", "0", "--architecture", "resnet", "--epochs", "0");

        Assert.NotEqual(0, code);
        Assert.Contains("'x' is not a number", errors, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Experiments));

        (code, _, errors) = await Run("sweep", "--run", "../escape", "--beta", "-1", "--latent-dim", "0", "--architecture", "resnet", "--epochs", "0");
        Assert.Equal(2, code);
        Assert.Contains("run name '../escape' is not allowed", errors, StringComparison.Ordinal);
        Assert.Contains("beta must be finite and > 0, got -1", errors, StringComparison.Ordinal);
        Assert.Contains("latent dim must be an integer in 1..64, got 0", errors, StringComparison.Ordinal);
        Assert.Contains("unknown architecture 'resnet'", errors, StringComparison.Ordinal);
        Assert.Contains("epochs must be in 1..500, got 0", errors, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Experiments));
    }

    /// <summary>Options and their bad values, separated by spaces (a value may hold a newline, never a space).</summary>
    public static TheoryData<string> BadArguments => new()
    {
        "--beta 1e300",
        "--beta NaN",
        "--beta Infinity",
        "--beta -0",
        "--beta 4,x",
        "--latent-dim 99999999999",
        "--latent-dim 4.5",
        "--latent-dim -2",
        "--epochs 0",
        "--epochs 2147483648",
        "--epochs x",
        "--batch-size -1",
        "--learning-rate 0",
        "--learning-rate NaN",
        "--run run\n",
        "--run ../x",
        "--run a/b",
        "--run läuft",
        "--run " + new string('r', 65),
        "--dataset ../data",
        "--architecture ,",
        "--architecture transformer",
        "--threads 0",
        "--threads 100000",
        "--monitor bogus",
        "--class-loss-weight -1",
        "--class-loss-weight NaN",
        "--class-loss-weight 1e300",
        "--class-loss-weight 1,x",
        "--architecture branched --class-loss-weight " + string.Join(',', Enumerable.Range(1, 65)),
        "--no-such-option 1",
        "--architecture branched,Branched,BRANCHED --beta " + string.Join(',', Enumerable.Range(1, 22)) + " --latent-dim 1,2,3",
        "--dataset " + string.Join(',', Enumerable.Range(1, 64).Select(i => $"d{i}")) +
            " --beta " + string.Join(',', Enumerable.Range(1, 64)) + " --latent-dim " + string.Join(',', Enumerable.Range(1, 64)),
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public async Task A_bad_argument_exits_with_2_and_writes_nothing(string badOptions)
    {
        var arguments = badOptions.Split(' ');
        // The good defaults, each replaced by the bad value where one is given (an option given twice is its own error).
        var options = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["--run"] = "bad", ["--dataset"] = "mnist", ["--architecture"] = "beta-vae", ["--beta"] = "4",
            ["--latent-dim"] = "2", ["--epochs"] = "1", ["--batch-size"] = "64",
        };
        for (var i = 0; i < arguments.Length; i += 2)
        {
            options[arguments[i]] = arguments[i + 1];
        }

        string[] args = ["sweep", .. options.SelectMany(o => new[] { o.Key, o.Value })];
        var (code, _, errors) = await Run(args);

        Assert.Equal(2, code);
        Assert.StartsWith("error: ", errors, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Experiments) && Directory.EnumerateFileSystemEntries(Experiments).Any(), "something was written");
    }

    [Fact]
    public async Task Case_variants_of_one_architecture_train_one_model()
    {
        var (code, output, errors) = await Run("sweep", "--run", "dups", "--dataset", "mnist", "--architecture", "beta-vae,Beta-VAE",
            "--beta", "4,4", "--latent-dim", "2", "--epochs", "1", "--batch-size", "100");

        Assert.True(code == 0, errors + output);
        Assert.Single(Directory.GetDirectories(Path.Combine(Experiments, "dups")));
    }

    [Fact]
    public async Task A_trained_model_comes_with_versioned_structure_metrics_and_analyze_recomputes_them_on_demand()
    {
        var (code, output, errors) = await Run("sweep", "--run", "metrics", "--dataset", "mnist", "--architecture", "branched",
            "--beta", "4", "--latent-dim", "3", "--epochs", "1", "--batch-size", "64");
        Assert.True(code == 0, errors + output);
        var model = Directory.GetDirectories(Path.Combine(Experiments, "metrics")).Single();
        var written = File.ReadAllText(Path.Combine(model, "summary.json"));
        using (var summary = JsonDocument.Parse(written))
        {
            var metrics = summary.RootElement.GetProperty("metrics");
            Assert.Equal(1, metrics.GetProperty("version").GetInt32());
            Assert.InRange(metrics.GetProperty("linear_probe_accuracy").GetDouble(), 0.1, 1);
            Assert.InRange(metrics.GetProperty("nearest_neighbour_accuracy").GetDouble(), 0.1, 1);
            Assert.Equal(3, metrics.GetProperty("kl_per_dimension").GetArrayLength());
            Assert.Equal(20, metrics.GetProperty("mig").GetProperty("bins").GetInt32());
            Assert.Equal(200, metrics.GetProperty("silhouette").GetProperty("sample_size").GetInt32());
            Assert.InRange(metrics.GetProperty("classifier_accuracy").GetDouble(), 0, 1);
        }

        (code, output, _) = await Run("analyze", "run=metrics");
        Assert.Equal(0, code);
        Assert.Contains("up to date", output, StringComparison.Ordinal);
        Assert.Equal(written, File.ReadAllText(Path.Combine(model, "summary.json")));

        File.WriteAllText(Path.Combine(model, "summary.json"), RemoveMetrics(written)); // a model trained before metrics existed
        (code, output, errors) = await Run("analyze", "run=metrics");
        Assert.True(code == 0, errors + output);
        Assert.Contains("active units", output, StringComparison.Ordinal);
        using (var again = JsonDocument.Parse(File.ReadAllText(Path.Combine(model, "summary.json"))))
        {
            Assert.Equal(1, again.RootElement.GetProperty("metrics").GetProperty("version").GetInt32());
            Assert.True(again.RootElement.GetProperty("validation").GetProperty("loss").GetDouble() > 0, "the rest of the summary stays");
        }

        (code, output, _) = await Run("list", "run=metrics");
        Assert.Equal(0, code);
        Assert.DoesNotContain("BROKEN", output, StringComparison.Ordinal); // the rewritten summary still reads back
    }

    private static string RemoveMetrics(string summaryJson)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(summaryJson)!.AsObject();
        Assert.True(node.Remove("metrics"));
        return node.ToJsonString();
    }

    [Fact]
    public async Task A_batch_larger_than_the_training_set_fails_that_model_by_name()
    {
        var (code, _, errors) = await Run("sweep", "--run", "big", "--dataset", "mnist", "--architecture", "beta-vae",
            "--beta", "4", "--latent-dim", "2", "--epochs", "1", "--batch-size", "4000");

        Assert.Equal(1, code);
        Assert.Contains("batch size 4000 is larger than the training set of mnist (800 images)", errors, StringComparison.Ordinal);
        Assert.Empty(Directory.Exists(Experiments) ? Directory.GetDirectories(Experiments, "*", SearchOption.AllDirectories) : []);
    }

    [Theory]
    [InlineData(new string[0], "error: the worker needs the queue's PostgreSQL database: --postgres \"Host=")]
    [InlineData(new[] { "--postgres", "Hostx=db" }, "error: --postgres is not a PostgreSQL connection string: Couldn't set hostx")]
    [InlineData(new[] { "--postgres", "Username=latentdash" }, "error: --postgres names no Host")]
    [InlineData(new[] { "--postgres", "Host=127.0.0.1;Port=1", "--workers", "0" }, "error: --workers must be in 1..16, got 0")]
    [InlineData(new[] { "--postgres", "Host=127.0.0.1;Port=1", "--threads", "300" }, "error: --threads must be in 1..256, got 300")]
    public async Task The_worker_refuses_a_missing_or_bad_setting_with_a_message_that_names_it(string[] arguments, string message)
    {
        var (code, _, errors) = await Run(["worker", "--experiments", Experiments, "--data", Path.Combine(root, "data"), .. arguments]);

        Assert.Equal(2, code);
        Assert.StartsWith(message, errors, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", errors, StringComparison.Ordinal); // a message, not a stack trace
        Assert.False(Directory.Exists(Experiments), "nothing is written");
    }

    [Fact]
    public async Task A_worker_given_no_trainings_to_run_by_its_environment_refuses_to_start()
    {
        // Queue__Workers=0 suits a web process in front of workers; a worker process with it would train nothing.
        var (code, output) = await Faults.CliProcess.RunAsync(
            root, ["worker", "--postgres", "Host=127.0.0.1;Port=1", "--experiments", Experiments], TimeSpan.FromMinutes(1),
            shellPrelude: "export Queue__Workers=0");

        Assert.Equal(2, code);
        Assert.Contains("error: Queue:Workers is 0, so this worker would train nothing: set it (or --workers) to 1..16", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_worker_whose_database_cannot_be_reached_says_so_and_exits_with_1()
    {
        var (code, _, errors) = await Run(
            "worker", "--postgres", "Host=127.0.0.1;Port=1;Username=latentdash;Database=latentdash", "--experiments", Experiments,
            "--data", Path.Combine(root, "data"));

        Assert.Equal(1, code);
        Assert.Contains("error: the queue's database cannot be reached: Failed to connect to 127.0.0.1:1", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_refuses_terms_that_are_not_key_value()
    {
        var (code, _, errors) = await Run("list", "beta");
        Assert.Equal(2, code);
        Assert.Contains("'beta' is not key=value", errors, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Each model of a run by its name without the random words (architecture, dataset, β, latent dim), with its
    /// history's losses (the seconds left out).</summary>
    private Dictionary<string, string> Histories(string run) =>
        Directory.GetDirectories(Path.Combine(Experiments, run)).ToDictionary(
            model => string.Join('-', Path.GetFileName(model).Split('-').Take(4)),
            model =>
            {
                using var history = JsonDocument.Parse(File.ReadAllText(Path.Combine(model, "history.json")));
                return string.Join(';', history.RootElement.EnumerateArray().Select(epoch =>
                    $"{epoch.GetProperty("train").GetRawText()}|{epoch.GetProperty("validation").GetRawText()}"));
            });

    private async Task<(int Code, string Output, string Errors)> Run(params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var (stdout, stderr) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(errors);
        try
        {
            using var host = CliHost.Build(new Dictionary<string, string?>
            {
                ["Storage:DataRoot"] = Path.Combine(root, "data"),
                ["Storage:ExperimentsRoot"] = Experiments,
                ["Storage:DatabasePath"] = Database,
                ["Storage:CacheRoot"] = "/dev/null/cache",
                ["Storage:TorchThreads"] = "2",
            });
            var code = await LatentCli.InvokeAsync(host.Services, args);
            return (code, output.ToString(), errors.ToString());
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
    }
}

[CollectionDefinition(nameof(ConsoleUsers), DisableParallelization = true)]
public sealed class ConsoleUsers;

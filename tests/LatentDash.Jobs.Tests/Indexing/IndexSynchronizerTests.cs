using System.Diagnostics;
using LatentDash.Jobs.Indexing;
using LatentDash.Jobs.Tests.Faults;
using LatentDash.Models;
using LatentDash.Models.Experiments;
using LatentDash.Models.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LatentDash.Jobs.Tests.Indexing;

/// <summary>The index synchroniser in a real host: it starts whatever the folders and the database hold, keeps
/// running while folders go bad, lists them as broken and says so once.</summary>
[Collection(nameof(FaultProcesses))]
public sealed class IndexSynchronizerTests(TrainedModel trained)
{
    [Fact]
    public async Task The_host_starts_with_bad_folders_present_and_lists_them_as_broken()
    {
        using var root = new StorageRoot(trained.Experiments);
        CopyModel(root, "vae-null", edit: t => t.Replace("\"vae\": {", "\"vae\": null, \"was\": {", StringComparison.Ordinal));
        CopyModel(root, "malformed", edit: t => t[..20]);
        var logs = new LogCapture();
        using var host = BuildHost(root, logs);

        await host.StartAsync();
        var index = host.Services.GetRequiredService<IExperimentIndex>();

        Assert.Equal(ExperimentStatus.Complete, index.Find(TrainedModel.Run, trained.Model)!.Status);
        Assert.Contains("no 'vae'", index.Find("bad", "vae-null")!.Error, StringComparison.Ordinal);
        Assert.Contains("params.json is not valid", index.Find("bad", "malformed")!.Error, StringComparison.Ordinal);
        Assert.Equal(2, logs.Lines.Count(l => l.Contains("is broken", StringComparison.Ordinal)));
        await host.StopAsync();
    }

    [Fact]
    public async Task A_bad_file_appearing_while_the_host_runs_is_listed_broken_logged_once_and_the_loop_keeps_going()
    {
        using var root = new StorageRoot(trained.Experiments);
        var logs = new LogCapture();
        using var host = BuildHost(root, logs);
        await host.StartAsync();
        var index = host.Services.GetRequiredService<IExperimentIndex>();
        var synchronizer = host.Services.GetServices<IHostedService>().OfType<IndexSynchronizer>().Single();

        var validationNull = CopyModel(root, "validation-null", file: "summary.json",
            edit: t => t.Replace("\"validation\": {", "\"validation\": null, \"was\": {", StringComparison.Ordinal));
        await Eventually(() => index.Find("bad", "validation-null")?.Status == ExperimentStatus.Broken);
        await Task.Delay(TimeSpan.FromSeconds(2.5)); // two more ticks over the same broken folder

        Assert.False(synchronizer.ExecuteTask!.IsCompleted);
        Assert.Single(logs.Lines, l => l.Contains("bad/validation-null is broken", StringComparison.Ordinal));
        Assert.Contains("no 'validation'", index.Find("bad", "validation-null")!.Error, StringComparison.Ordinal);

        // Repaired on disk: listed complete again at a later tick.
        File.Copy(Path.Combine(root.Experiments, TrainedModel.Run, trained.Model, "summary.json"), Path.Combine(validationNull, "summary.json"), overwrite: true);
        File.SetLastWriteTimeUtc(Path.Combine(validationNull, "summary.json"), DateTime.UtcNow.AddSeconds(5));
        await Eventually(() => index.Find("bad", "validation-null")?.Status == ExperimentStatus.Complete);
        Assert.Equal(ExperimentStatus.Complete, index.Find(TrainedModel.Run, trained.Model)!.Status);
        await host.StopAsync();
        Assert.True(synchronizer.ExecuteTask.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task A_corrupt_database_is_moved_aside_at_start_and_the_index_rebuilt_from_the_folders()
    {
        using var root = new StorageRoot(trained.Experiments);
        File.WriteAllText(root.Database, "this is not a LiteDB file, but long enough to look like one. ".PadRight(20_000, 'x'));
        var logs = new LogCapture();
        using var host = BuildHost(root, logs);

        await host.StartAsync();

        var database = host.Services.GetRequiredService<IndexDatabase>();
        Assert.NotNull(database.CorruptCopy);
        Assert.True(File.Exists(database.CorruptCopy));
        Assert.Equal(ExperimentStatus.Complete, host.Services.GetRequiredService<IExperimentIndex>().Find(TrainedModel.Run, trained.Model)!.Status);
        Assert.Contains(logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains("is unreadable", StringComparison.Ordinal));
        await host.StopAsync();
    }

    [Fact]
    public async Task A_start_removes_the_leftovers_of_ended_writers_and_keeps_a_live_writers_folder()
    {
        using var root = new StorageRoot(trained.Experiments);
        using var ended = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await ended.WaitForExitAsync();
        var dead = WriterStamp.Current with { ProcessId = ended.Id };
        string[] leftovers =
        [
            Path.Combine(root.Experiments, TrainedModel.Run, $".tmp-{trained.Model}{dead}0001"),
            Path.Combine(root.Path, "data", $".fashion{dead}0002.tmp"),
            Path.Combine(root.Path, "data", $".mnist{dead}0003.old"),
            Path.Combine(root.Path, ".cache", $".extract-fashion{dead}0004"),
        ];
        var live = Path.Combine(root.Experiments, TrainedModel.Run, $".tmp-other{WriterStamp.Current}0005");
        foreach (var folder in leftovers.Append(live))
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, folder.Contains("data", StringComparison.Ordinal) ? "manifest.json" : "params.json"), "{}");
        }

        var logs = new LogCapture();
        using var host = BuildHost(root, logs);
        await host.StartAsync();

        Assert.All(leftovers, l => Assert.False(Directory.Exists(l), l));
        Assert.True(Directory.Exists(live));
        Assert.Contains(logs.Lines, l => l.Contains("4 leftover", StringComparison.Ordinal));
        await host.StopAsync();
    }

    [Fact]
    public async Task A_host_refuses_to_start_while_the_index_is_owned_and_names_the_owner()
    {
        using var root = new StorageRoot(trained.Experiments);
        var owner = IndexDatabase.Open(root.Database, IndexLockPolicy.WaitThenRefuse, TimeSpan.Zero, NullLogger.Instance);
        using var held = owner.Database;
        var logs = new LogCapture();
        using var host = BuildHost(root, logs);

        var refused = await Assert.ThrowsAsync<IndexLockedException>(() => host.StartAsync());

        Assert.Contains($"in use by pid {Environment.ProcessId} (", refused.Message, StringComparison.Ordinal);
        Assert.Contains(logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("waiting up to 1 s", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.StartsWith("Critical", StringComparison.Ordinal) && l.Contains("refusing to start", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_experiments_folder_turning_into_a_file_and_back_never_stops_the_loop()
    {
        using var root = new StorageRoot(trained.Experiments);
        var logs = new LogCapture();
        using var host = BuildHost(root, logs, database: Path.Combine(root.Path, "index.db"));
        await host.StartAsync();
        var index = host.Services.GetRequiredService<IExperimentIndex>();
        var synchronizer = host.Services.GetServices<IHostedService>().OfType<IndexSynchronizer>().Single();

        // A file where the folder should be (a failed mount, an operator's mistake): the folders are the truth, so
        // the index follows them to empty, and back when the folder returns.
        var moved = root.Experiments + ".away";
        Directory.Move(root.Experiments, moved);
        await File.WriteAllTextAsync(root.Experiments, "not a folder");
        await Eventually(() => index.Find(TrainedModel.Run, trained.Model) is null);
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.False(synchronizer.ExecuteTask!.IsCompleted);

        File.Delete(root.Experiments);
        Directory.Move(moved, root.Experiments);
        await Eventually(() => index.Find(TrainedModel.Run, trained.Model)?.Status == ExperimentStatus.Complete);
        Assert.False(synchronizer.ExecuteTask.IsCompleted);
        Assert.DoesNotContain(logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal));
        await host.StopAsync();
        Assert.True(synchronizer.ExecuteTask.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Passes_that_throw_at_start_and_on_every_tick_are_logged_once_and_the_host_keeps_running()
    {
        using var root = new StorageRoot(trained.Experiments);
        var logs = new LogCapture();
        var failing = new FailingIndex(failures: 4);
        using var host = BuildHost(root, logs, configure: s => s.AddSingleton<IExperimentIndex>(failing));

        await host.StartAsync(); // the first pass throws: the host starts anyway
        var synchronizer = host.Services.GetServices<IHostedService>().OfType<IndexSynchronizer>().Single();
        await Eventually(() => failing.Calls > 5);

        Assert.False(synchronizer.ExecuteTask!.IsCompleted);
        Assert.Single(logs.Lines, l => l.Contains("Synchronising the experiment index failed", StringComparison.Ordinal));
        await host.StopAsync();
        Assert.True(synchronizer.ExecuteTask.IsCompletedSuccessfully);
    }

    private static IHost BuildHost(StorageRoot root, LogCapture logs, string? database = null, Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = root.Path });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataRoot"] = Path.Combine(root.Path, "data"),
            ["Storage:ExperimentsRoot"] = root.Experiments,
            ["Storage:DatabasePath"] = database ?? root.Database,
            ["Storage:CacheRoot"] = Path.Combine(root.Path, ".cache"),
            ["Storage:IndexSyncSeconds"] = "1",
            ["Storage:IndexLockWaitSeconds"] = "1",
        });
        builder.Logging.ClearProviders().AddProvider(logs);
        builder.Services.AddLatentModels().AddLatentJobs().AddHostedService<IndexSynchronizer>();
        configure?.Invoke(builder.Services);
        return builder.Build();
    }

    /// <summary>Copies the trained model to experiments/bad/&lt;name&gt;/ with one file edited.</summary>
    private string CopyModel(StorageRoot root, string name, Func<string, string> edit, string file = "params.json")
    {
        var source = Path.Combine(root.Experiments, TrainedModel.Run, trained.Model);
        var temp = Path.Combine(root.Experiments, "bad", "." + name);
        Directory.CreateDirectory(temp);
        foreach (var f in Directory.GetFiles(source))
        {
            File.Copy(f, Path.Combine(temp, Path.GetFileName(f)));
        }

        File.WriteAllText(Path.Combine(temp, file), edit(File.ReadAllText(Path.Combine(temp, file))));
        var target = Path.Combine(root.Experiments, "bad", name);
        Directory.Move(temp, target); // whole, as a writer would: the synchroniser never sees it half-copied
        return target;
    }

    private static async Task Eventually(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "the condition did not hold within 20 s");
            await Task.Delay(100);
        }
    }

    /// <summary>An index whose synchronisation throws the same error a number of times, then works.</summary>
    private sealed class FailingIndex(int failures) : IExperimentIndex
    {
        private int calls;

        public int Calls => Volatile.Read(ref calls);

        public IndexSyncResult Synchronize() =>
            Interlocked.Increment(ref calls) <= failures
                ? throw new InvalidOperationException("the disk said no")
                : new IndexSyncResult(0, 0, 0, 0);

        public IndexSyncResult Rebuild() => Synchronize();

        public ExperimentEntry Add(string run, string model) => throw new NotSupportedException();

        public ExperimentEntry? Find(string run, string model) => null;

        public IReadOnlyList<ExperimentEntry> Query(ExperimentQuery query) => [];
    }
}

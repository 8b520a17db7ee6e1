using System.Diagnostics;
using LatentDash.Jobs.Indexing;
using LatentDash.Models;
using LatentDash.Models.Experiments;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LatentDash.Jobs.Tests.Faults;

/// <summary>Faults of real `latentdash` processes and of the files they leave: kill -9 mid-save, damaged index
/// databases, truncated weights, a full disk, a second owner. Each ends with the storage readable and nothing
/// half-written listed.</summary>
[Collection(nameof(FaultProcesses))]
public sealed class StorageFaultTests(TrainedModel trained)
{
    private static readonly TimeSpan CliTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Kill_9_during_a_model_save_mid_sweep_leaves_no_half_model_and_the_next_start_cleans_the_leftover()
    {
        using var root = new StorageRoot();
        string? caught = null;
        for (var attempt = 0; attempt < 3 && caught is null; attempt++)
        {
            var run = $"killed{attempt}";
            using var sweep = CliProcess.Start(root.Path, FaultArguments.Sweep(run, "1,2"));
            // After the first model is in place, stop the process the moment the next one's temporary folder appears
            // (mid-save), then kill it: what a power cut or the OOM killer does.
            while (!sweep.HasExited && caught is null)
            {
                if (root.ModelFolders(run).Length >= 1 && root.TemporaryModelFolders(run) is [var temp, ..])
                {
                    sweep.Signal("STOP");
                    caught = Directory.Exists(temp) ? temp : null;
                    sweep.Signal("KILL");
                }
            }

            await sweep.WaitAsync(CliTimeout);
            if (caught is null)
            {
                continue;
            }

            var finished = root.ModelFolders(run);
            Assert.True(finished.Length is 1 or 2, sweep.Output);

            var (code, output) = await CliProcess.RunAsync(root.Path, ["list", $"run={run}"], CliTimeout);

            Assert.Equal(0, code);
            Assert.Contains($"{finished.Length} model(s)", output, StringComparison.Ordinal);
            Assert.DoesNotContain("BROKEN", output, StringComparison.Ordinal);
            Assert.All(finished, f => Assert.Contains(Path.GetFileName(f), output, StringComparison.Ordinal));
            Assert.False(Directory.Exists(caught), $"{caught} was not removed by the next start");
            Assert.Empty(root.TemporaryModelFolders(run));
        }

        Assert.True(caught is not null, "no sweep was caught mid-save in three attempts");
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("truncated")]
    public async Task A_damaged_index_database_is_moved_aside_and_the_index_rebuilt_from_the_folders(string damage)
    {
        using var root = new StorageRoot(trained.Experiments);
        var (code, output) = await CliProcess.RunAsync(root.Path, ["index", "rebuild"], CliTimeout);
        Assert.True(code == 0, output);
        var length = new FileInfo(root.Database).Length;
        if (damage == "garbage")
        {
            var bytes = new byte[length];
            new Random(3).NextBytes(bytes);
            File.WriteAllBytes(root.Database, bytes);
        }
        else
        {
            using var file = new FileStream(root.Database, FileMode.Open);
            file.SetLength(length / 2);
        }

        (code, output) = await CliProcess.RunAsync(root.Path, ["list"], CliTimeout);

        Assert.True(code == 0, output);
        Assert.Contains("unreadable", output, StringComparison.Ordinal);
        Assert.Contains(trained.Model, output, StringComparison.Ordinal);
        Assert.Contains("1 model(s)", output, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(root.Experiments, "latentdash.db.corrupt-*"));
        (code, output) = await CliProcess.RunAsync(root.Path, ["list"], CliTimeout);
        Assert.True(code == 0 && !output.Contains("unreadable", StringComparison.Ordinal), output); // repaired for good
    }

    [Fact]
    public async Task Truncated_weights_are_listed_as_broken_naming_the_file()
    {
        using var root = new StorageRoot(trained.Experiments);
        var weights = Path.Combine(root.Experiments, TrainedModel.Run, trained.Model, "encoder.dat");
        using (var file = new FileStream(weights, FileMode.Open))
        {
            file.SetLength(file.Length - 100);
        }

        var (code, output) = await CliProcess.RunAsync(root.Path, ["list"], CliTimeout);

        Assert.True(code == 0, output);
        Assert.Contains($"BROKEN: {weights}", output, StringComparison.Ordinal);
        Assert.Contains("truncated", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_full_disk_fails_the_save_naming_the_model_leaves_nothing_half_written_and_the_index_still_opens()
    {
        using var root = new StorageRoot();
        // 100 KiB per file: the index database (tens of KiB) fits, a weights file (> 110 KiB) does not. SIGXFSZ is
        // ignored so the write fails with EFBIG, as on a full disk, instead of killing the process.
        var (code, output) = await CliProcess.RunAsync(
            root.Path, FaultArguments.Sweep("full", "1"), CliTimeout, shellPrelude: "trap '' XFSZ; ulimit -f 100");

        Assert.True(code != 0, output);
        Assert.Contains("model full/bvae-mnist-b1-d2-", output, StringComparison.Ordinal);
        Assert.Contains("could not be saved", output, StringComparison.Ordinal);
        Assert.Contains("too large for the file system", output, StringComparison.Ordinal); // .NET's words for EFBIG
        Assert.Empty(root.TemporaryModelFolders("full"));
        Assert.Empty(root.ModelFolders("full"));

        (code, output) = await CliProcess.RunAsync(root.Path, ["list"], CliTimeout);
        Assert.True(code == 0, output);
        Assert.Contains("No models yet", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_owner_waits_then_refuses_naming_the_holder_while_the_cli_falls_back_with_a_log_line()
    {
        using var root = new StorageRoot(trained.Experiments);
        using var holder = CliProcess.Start(root.Path, FaultArguments.Sweep("long", "1", epochs: "50"));
        var lockFile = root.Database + ".owner";
        var clock = Stopwatch.StartNew();
        while (!IndexDatabase.DescribeHolder(lockFile).StartsWith($"pid {holder.Id} ", StringComparison.Ordinal))
        {
            Assert.False(holder.HasExited, holder.Output);
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1), "the sweep never took the index");
            await Task.Delay(100);
        }

        var (code, output) = await CliProcess.RunAsync(root.Path, ["list"], CliTimeout);
        Assert.True(code == 0, output);
        Assert.Contains("private in-memory index", output, StringComparison.Ordinal);
        Assert.Contains($"pid {holder.Id} (", output, StringComparison.Ordinal);
        Assert.Contains(trained.Model, output, StringComparison.Ordinal);

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = root.Path });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataRoot"] = Path.Combine(root.Path, "data"),
            ["Storage:ExperimentsRoot"] = root.Experiments,
            ["Storage:DatabasePath"] = root.Database,
            ["Storage:CacheRoot"] = Path.Combine(root.Path, ".cache"),
            ["Storage:IndexLockWaitSeconds"] = "2",
        });
        var logs = new LogCapture();
        builder.Logging.ClearProviders().AddProvider(logs);
        builder.Services.AddLatentModels().AddLatentJobs().AddHostedService<IndexSynchronizer>();
        using var host = builder.Build();
        clock.Restart();

        var refused = await Assert.ThrowsAsync<IndexLockedException>(() => host.StartAsync());

        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(2), $"refused after {clock.Elapsed}");
        Assert.Contains($"in use by pid {holder.Id} (", refused.Message, StringComparison.Ordinal);
        Assert.Contains("sweep --run long", refused.Message, StringComparison.Ordinal);
        Assert.Contains(logs.Lines, l => l.Contains("waiting up to 2 s", StringComparison.Ordinal));
        Assert.False(holder.HasExited, holder.Output);
    }
}

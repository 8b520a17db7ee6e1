using System.Diagnostics;
using System.Text;
using Hangfire;
using LatentDash.Jobs.Runs;
using LatentDash.Models.Experiments;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace LatentDash.Jobs.Tests.Runs;

/// <summary>The queue across processes, as deployed beyond one machine: two `latentdash worker` processes on one
/// PostgreSQL queue train what this process submits (it owns the run records and the index, as the web app does, and
/// trains nothing itself). The database comes from LATENTDASH_TEST_POSTGRES, which test.sh sets; each test works in
/// a schema of its own and drops it afterwards.</summary>
[Collection(nameof(QueueUsers))]
public sealed class PostgresWorkersTests(ITestOutputHelper log) : IDisposable
{
    private const string Run = "pg-workers";

    private readonly QueueFolder folder = new();
    private readonly string schema = "t_" + Guid.NewGuid().ToString("N");
    private readonly List<WorkerProcess> workers = [];
    private string? connectionString;

    [Fact]
    public async Task Two_workers_on_PostgreSQL_drain_four_runs()
    {
        connectionString = TestPostgres.ConnectionString();
        // Each worker trains one model at a time on one torch thread: two of them share the machine's two cores.
        for (var i = 0; i < 2; i++)
        {
            workers.Add(WorkerProcess.Start(
                folder.Root,
                "worker", "--postgres", connectionString, "--schema", schema, "--workers", "1", "--threads", "1",
                "--experiments", folder.Experiments, "--data", folder.DataRoot));
        }

        using var host = folder.Start(new Dictionary<string, string?>
        {
            ["Queue:Storage"] = "PostgreSql",
            ["Queue:ConnectionString"] = connectionString,
            ["Queue:Schema"] = schema,
            ["Queue:Workers"] = "0", // only enqueue and follow, as the web app in front of separate workers
        });
        // Both workers are listening before anything is queued: neither can drain the queue before the other starts.
        var storage = host.Services.GetRequiredService<JobStorage>();
        await Within(90, () => storage.GetMonitoringApi().Servers().Count == 2, "both workers register with the queue");
        var commands = host.Services.GetRequiredService<TrainingCommands>();
        var runs = host.Services.GetRequiredService<TrainingRepository>();

        var outcome = commands.Submit(new RunSubmission
        {
            Run = Run,
            Dataset = "fashion",
            Architectures = ["branched", "beta-vae"],
            Betas = [4],
            LatentDims = [2, 3],
            Epochs = 2,
            BatchSize = 64,
            EarlyStopping = false,
        }, "test");

        Assert.True(outcome.Trainings.Count == 4, string.Join("; ", outcome.Check.Errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
        await Within(180, () => outcome.Trainings.All(r => !runs.Get(r.Id)!.Status.IsActive()), "every run finishes",
            () => string.Join(", ", outcome.Trainings.Select(r => $"{r.Model} {runs.Get(r.Id)!.Status}")));
        var done = outcome.Trainings.Select(r => runs.Get(r.Id)!).ToList();
        foreach (var r in done)
        {
            log.WriteLine($"{r.Model}: {r.Status} by {r.Report?.Worker} {r.StartedAt:HH:mm:ss.fff}-{r.FinishedAt:HH:mm:ss.fff} ({r.Report?.ElapsedSeconds:F1} s)");
        }

        log.WriteLine(Outputs());
        Assert.All(done, r => Assert.True(r.Status == TrainingStatus.Succeeded, $"{r.Model}: {r.Status} {r.Error}{Environment.NewLine}{Outputs()}"));
        var index = host.Services.GetRequiredService<IExperimentIndex>();
        Assert.All(done, r =>
        {
            Assert.True(File.Exists(Path.Combine(folder.Experiments, Run, r.Model, "params.json")), r.Model);
            Assert.NotNull(index.Find(Run, r.Model)); // the owner indexed what another process wrote
        });
        // Each record names the process that trained it (machine:pid): both workers did, and nothing else.
        Assert.Equal(
            workers.Select(w => $"{Environment.MachineName}:{w.Id}").Order(StringComparer.Ordinal),
            done.Select(r => r.Report?.Worker ?? "(none)").Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_worker_killed_mid_training_has_its_training_queued_again_and_taken_by_the_other_worker()
    {
        connectionString = TestPostgres.ConnectionString();
        // The workers publish a heartbeat every 2 s (the owner allows 15 s of silence): the environment is inherited.
        Environment.SetEnvironmentVariable("Queue__HeartbeatSeconds", "2");
        try
        {
            for (var i = 0; i < 2; i++)
            {
                workers.Add(WorkerProcess.Start(
                    folder.Root,
                    "worker", "--postgres", connectionString, "--schema", schema, "--workers", "1", "--threads", "1",
                    "--experiments", folder.Experiments, "--data", folder.DataRoot));
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable("Queue__HeartbeatSeconds", null);
        }

        using var host = folder.Start(new Dictionary<string, string?>
        {
            ["Queue:Storage"] = "PostgreSql",
            ["Queue:ConnectionString"] = connectionString,
            ["Queue:Schema"] = schema,
            ["Queue:Workers"] = "0",
            ["Queue:HeartbeatTimeoutSeconds"] = "15",
            ["Queue:OnRestart"] = "Requeue",
        });
        var storage = host.Services.GetRequiredService<JobStorage>();
        await Within(90, () => storage.GetMonitoringApi().Servers().Count == 2, "both workers register with the queue");
        var commands = host.Services.GetRequiredService<TrainingCommands>();
        var trainings = host.Services.GetRequiredService<TrainingRepository>();
        static RunSubmission Model(string run, int epochs) => new()
        {
            Run = run, Dataset = "fashion", Architectures = ["branched"], Betas = [4], LatentDims = [2],
            Epochs = epochs, BatchSize = 64, EarlyStopping = false,
        };

        var doomed = commands.Submit(Model("doomed", 200), "test").Trainings.Single().Id;
        var brief = commands.Submit(Model("brief", 3), "test").Trainings.Single().Id;
        await Within(120, () => new[] { doomed, brief }.All(id => trainings.Get(id)!.Report?.StepsDone() > 0), "both train",
            () => string.Join(", ", new[] { doomed, brief }.Select(id => $"{trainings.Get(id)!.Status} {trainings.Get(id)!.Report?.Worker}")));
        var victimName = trainings.Get(doomed)!.Report!.Worker;
        var victim = workers.Single(w => $"{Environment.MachineName}:{w.Id}" == victimName);
        var survivor = workers.Single(w => w != victim);

        victim.Kill();
        var killed = Stopwatch.StartNew();
        workers.Remove(victim);
        victim.Dispose();

        await Within(60, () => trainings.Get(doomed)!.Attempt == 2, "the dead worker's training is queued again",
            () => $"{trainings.Get(doomed)!.Status} attempt {trainings.Get(doomed)!.Attempt}");
        var noticed = killed.Elapsed;
        await Within(180, () => trainings.Get(doomed)!.Report?.Worker == $"{Environment.MachineName}:{survivor.Id}",
            "the other worker takes it", () => $"{trainings.Get(doomed)!.Status} {trainings.Get(doomed)!.Report?.Worker}");
        var taken = killed.Elapsed;
        log.WriteLine($"requeued {noticed.TotalSeconds:F1} s after kill -9, training again on the other worker after {taken.TotalSeconds:F1} s");

        // The survivor finished its own training first (one job at a time); the owner may note that a tick later.
        await Within(30, () => trainings.Get(brief)!.Status == TrainingStatus.Succeeded, "the other training succeeds",
            () => $"{trainings.Get(brief)!.Status} {trainings.Get(brief)!.Error}");
        Assert.Equal(TrainingStatus.Running, trainings.Get(doomed)!.Status);
        Assert.InRange(noticed, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(40)); // the 15 s timeout, plus a tick
        Assert.True(commands.Cancel(doomed).Succeeded);
        await Within(60, () => trainings.Get(doomed)!.Status == TrainingStatus.Cancelled, "the cancel stops it");
        Assert.False(Directory.Exists(Path.Combine(folder.Experiments, "doomed", trainings.Get(doomed)!.Model)));
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails early when a worker ended, and after the timeout,
    /// with <paramref name="state"/> and the workers' output.</summary>
    private async Task Within(int seconds, Func<bool> condition, string what, Func<string>? state = null)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (workers.Any(w => w.HasExited))
            {
                Assert.Fail($"a worker ended while waiting until {what}{Environment.NewLine}{Outputs()}");
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(seconds))
            {
                Assert.Fail($"not within {seconds} s: {what} ({state?.Invoke()}){Environment.NewLine}{Outputs()}");
            }

            await Task.Delay(100);
        }
    }

    private string Outputs() => string.Join(Environment.NewLine, workers.Select(w => w.Describe()));

    public void Dispose()
    {
        foreach (var worker in workers)
        {
            worker.Dispose();
        }

        if (connectionString is not null)
        {
            TestPostgres.DropSchema(connectionString, schema);
        }

        folder.Dispose();
    }
}

/// <summary>The PostgreSQL database of the tests.</summary>
internal static class TestPostgres
{
    public const string Variable = "LATENTDASH_TEST_POSTGRES";

    /// <summary>The connection string from <see cref="Variable"/>; the test fails (never skips) without it.</summary>
    public static string ConnectionString()
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(value))
        {
            Assert.Fail($"{Variable} is not set: run the tests with test.sh, which starts Debian's PostgreSQL 15 and sets it " +
                        "(or set it to a database where this user may create schemas)");
        }

        return value;
    }

    /// <summary>Removes a test's schema with everything in it (Hangfire's tables).</summary>
    public static void DropSchema(string connectionString, string schema)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection) { CommandTimeout = 60 };
        drop.ExecuteNonQuery();
    }
}

/// <summary>`dotnet latentdash.dll ...` as a child process whose output is kept; disposing kills it with its children.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private WorkerProcess(Process process) => this.process = process;

    public int Id => process.Id;

    /// <summary>SIGKILL, as kill -9: the process gets no chance to stop its jobs.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: false);
        process.WaitForExit();
    }

    public bool HasExited => process.HasExited;

    public static WorkerProcess Start(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(DotnetHost(), [RepositoryRoot.LatentdashDll(), .. arguments])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The environment is inherited (GLIBC_TUNABLES from test.sh among it); training without these tunables is a
        // fifth slower, so they are set when the tests run without test.sh.
        start.Environment.TryAdd("GLIBC_TUNABLES", "glibc.malloc.mmap_threshold=4294967296:glibc.malloc.trim_threshold=4294967296");
        var worker = new WorkerProcess(new Process { StartInfo = start });
        worker.process.OutputDataReceived += (_, e) => worker.Append(e.Data);
        worker.process.ErrorDataReceived += (_, e) => worker.Append(e.Data);
        worker.process.Start();
        worker.process.BeginOutputReadLine();
        worker.process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>The process, whether it still runs, and what it printed so far.</summary>
    public string Describe()
    {
        var state = process.HasExited ? $"exited with {process.ExitCode}" : "running";
        lock (output)
        {
            return $"--- worker {process.Id} ({state}):{Environment.NewLine}{output}";
        }
    }

    public void Dispose()
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // it had ended already
        }

        process.WaitForExit(); // also drains the redirected output
        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    /// <summary>The dotnet host running these tests, else the one on the PATH.</summary>
    private static string DotnetHost() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
}

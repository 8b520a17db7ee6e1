using LatentDash.Jobs.Runs;
using LatentDash.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LatentDash.Jobs.Tests.Runs;

/// <summary>A folder with the fixture datasets, an experiments folder and a LiteDB file, and the services of the
/// process that owns them (as the web app registers them) on in-memory Hangfire with one worker.</summary>
internal sealed class QueueFolder : IDisposable
{
    public QueueFolder()
    {
        var fixture = Path.Combine(AppContext.BaseDirectory, "fixtures", "data");
        foreach (var file in Directory.EnumerateFiles(fixture, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(DataRoot, Path.GetRelativePath(fixture, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "latentdash-queue-" + Guid.NewGuid().ToString("N"));

    public string DataRoot => Path.Combine(Root, "data");

    public string Experiments => Path.Combine(Root, "experiments");

    public IHost Start(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = Root });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Storage:DataRoot"] = DataRoot,
            ["Storage:ExperimentsRoot"] = Experiments,
            ["Storage:DatabasePath"] = Path.Combine(Root, "latentdash.db"),
            ["Storage:CacheRoot"] = Path.Combine(Root, "cache"),
            ["Queue:RefreshMilliseconds"] = "100",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Services.AddLatentModels().AddLatentJobs().AddLatentQueue();
        var host = builder.Build();
        host.Start();
        return host;
    }

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}

internal static class TrainingWaiting
{
    /// <summary>Polls the record until it satisfies <paramref name="done"/>; fails with its last state after the timeout.</summary>
    public static async Task<TrainingRecord> Until(this TrainingRepository trainings, string id, Func<TrainingRecord, bool> done, int seconds = 120)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        TrainingRecord? record = null;
        while (DateTime.UtcNow < deadline)
        {
            record = trainings.Get(id);
            if (record is not null && done(record))
            {
                return record;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"training {id} did not get there in {seconds} s; last: {record?.Status} {record?.Error} step {record?.Report?.StepsDone()}");
        return null!;
    }
}

/// <summary>Hangfire keeps global state: every test that starts a queue runs alone.</summary>
[CollectionDefinition(nameof(QueueUsers), DisableParallelization = true)]
public sealed class QueueUsers;

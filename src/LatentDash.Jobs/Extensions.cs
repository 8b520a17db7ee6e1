using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using LatentDash.Jobs.Analysis;
using LatentDash.Jobs.Data;
using LatentDash.Jobs.Indexing;
using LatentDash.Jobs.Queue;
using LatentDash.Jobs.Runs;
using LatentDash.Models;
using LiteDB;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LatentDash.Jobs;

/// <summary>Registers what turns requests into work: the dataset fetcher and the training job (<see
/// cref="AddLatentJobs"/>); the queue with its training records for the process that owns the LiteDB file (<see
/// cref="AddLatentQueue"/>); or only the queue's server, for a worker process (<see cref="AddLatentWorker"/>).</summary>
public static class Extensions
{
    public static IServiceCollection AddLatentJobs(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            return new DatasetFetcher(
                Path.GetFullPath(storage.DataRoot),
                Path.GetFullPath(storage.CacheRoot),
                sp.GetRequiredService<ILogger<DatasetFetcher>>());
        });
        services.AddSingleton<TrainingCancellations>();
        services.AddTransient<TrainModelJob>();
        return services;
    }

    /// <summary>The owner's queue: training records, commands (submit/cancel/retry), the tracker and the monitor that
    /// runs it (following the jobs, accounting for unfinished trainings after a restart), notifications, the index
    /// synchroniser, and Hangfire with <see cref="QueueOptions.Workers"/> workers in this process.</summary>
    public static IServiceCollection AddLatentQueue(this IServiceCollection services)
    {
        services.AddHangfireStorage();
        services.AddSingleton<TrainingRepository>();
        services.AddSingleton<RunSubmissionValidator>();
        services.AddSingleton<TrainingGate>();
        services.AddSingleton<TrainingJobs>();
        services.AddSingleton<TrainingJournal>();
        services.AddSingleton<TrainingNotifications>();
        services.AddSingleton<TrainingCommands>();
        services.AddSingleton<TrainingTracker>();
        services.AddHostedService<IndexSynchronizer>();
        services.AddHostedService<TrainingMonitor>(); // before the server: recovery runs before any job is taken
        services.AddHostedService<QueueServer>();
        return services;
    }

    /// <summary>The background queue of slow computations on models (embeddings, metrics, sensitivity) for the
    /// dashboard: one at a time, off every circuit.</summary>
    public static IServiceCollection AddLatentAnalysis(this IServiceCollection services)
    {
        services.AddSingleton<AnalysisRunner>();
        services.AddSingleton<MetricsAnalysis>();
        services.AddSingleton<TrainingLatents>();
        services.AddHostedService(sp => sp.GetRequiredService<AnalysisRunner>());
        return services;
    }

    /// <summary>A worker process: Hangfire's server on shared storage, training into the shared experiments folder. It
    /// never opens the LiteDB file (the web process owns it); its index is in memory.</summary>
    public static IServiceCollection AddLatentWorker(this IServiceCollection services)
    {
        services.AddHangfireStorage();
        services.RemoveAll<ILiteDatabase>();
        services.AddSingleton<ILiteDatabase>(_ => new LiteDatabase(new MemoryStream()));
        services.AddHostedService<QueueServer>();
        return services;
    }

    private static void AddHangfireStorage(this IServiceCollection services)
    {
        // Every host of the queue (dashboard or worker) waits for Hangfire's server a little longer than Hangfire waits for
        // its jobs, so that stopping ends quietly (a training stops before its next batch and is left to Queue:OnRestart).
        services.AddOptions<HostOptions>().Configure<IOptions<QueueOptions>>((host, queue) =>
            host.ShutdownTimeout = TimeSpan.FromSeconds(queue.Value.StopSeconds + 2));
        services.AddOptions<QueueOptions>()
            .BindConfiguration(QueueOptions.Section)
            .ValidateDataAnnotations()
            .Validate(
                o => o.Storage != QueueStorage.PostgreSql || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Queue:ConnectionString is required when Queue:Storage is PostgreSql")
            .ValidateOnStart();
        services.AddHangfire((sp, config) =>
        {
            var o = sp.GetRequiredService<IOptions<QueueOptions>>().Value;
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            if (o.Storage == QueueStorage.PostgreSql)
            {
                PostgresSchema.Ensure(o.ConnectionString!, o.Schema);
                config.UsePostgreSqlStorage(
                    b => b.UseNpgsqlConnection(o.ConnectionString),
                    new PostgreSqlStorageOptions
                    {
                        SchemaName = o.Schema,
                        PrepareSchemaIfNecessary = false, // PostgresSchema.Ensure did, under a lock
                        EnableLongPolling = true, // LISTEN/NOTIFY: another process picks a job up in about a second
                        // A fetched job stays invisible to other workers while its worker keeps it alive (sliding), and
                        // becomes visible again 2 min after that worker died, not after the default 30 min. The tracker
                        // notices a dead worker sooner still, through the job's heartbeat (Queue:HeartbeatTimeoutSeconds).
                        InvisibilityTimeout = TimeSpan.FromMinutes(2),
                        UseSlidingInvisibilityTimeout = true,
                    });
            }
            else
            {
                config.UseInMemoryStorage(new InMemoryStorageOptions { IdType = InMemoryStorageIdType.Guid });
            }
        });
        services.TryAddSingleton(sp => (IBackgroundJobClientV2)sp.GetRequiredService<IBackgroundJobClient>());
    }
}

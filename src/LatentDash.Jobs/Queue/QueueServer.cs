using System.Runtime.InteropServices;
using Hangfire;
using Hangfire.Common;
using Hangfire.Server;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LatentDash.Jobs.Queue;

/// <summary>The Hangfire server of this process, started only when <see cref="QueueOptions.Workers"/> &gt; 0 (a web
/// process in front of separate workers only enqueues). Jobs are built by the container's activator.</summary>
/// <remarks>Stopping: running jobs see their token fire at once and a training stops before its next batch. Hangfire
/// waits <see cref="QueueOptions.StopSeconds"/> for them, then returns even if a job's thread still runs; disposing the
/// container then would free the tensors that thread computes on (a crash in native code, exit code 139). So this
/// server also counts the jobs being performed and waits for them until the host's own deadline; a training still
/// running then (a batch starved of CPU) ends the process at once with exit code 0, leaving the run to
/// <see cref="QueueOptions.OnRestart"/>.</remarks>
internal sealed partial class QueueServer(JobStorage storage, JobActivator activator, IOptions<QueueOptions> options, ILogger<QueueServer> logger)
    : IHostedService, IDisposable
{
    private readonly PerformingJobs performing = new();
    private BackgroundJobServer? server;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (o.Workers > 0)
        {
            var filters = new JobFilterCollection { performing };
            server = new BackgroundJobServer(
                new BackgroundJobServerOptions
                {
                    WorkerCount = o.Workers,
                    Activator = activator,
                    CancellationCheckInterval = TimeSpan.FromMilliseconds(o.CancellationCheckMilliseconds),
                    // Jobs see their token fire at once (StopTimeout zero); Hangfire waits this long for them to end.
                    StopTimeout = TimeSpan.Zero,
                    ShutdownTimeout = TimeSpan.FromSeconds(o.StopSeconds),
                    FilterProvider = new JobFilterProviderCollection([.. JobFilterProviders.Providers, filters]),
                },
                storage);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (server is null)
        {
            return;
        }

        server.SendStop(); // running jobs see their token fire and stop before their next batch
        try
        {
            await server.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            while (performing.Count > 0)
            {
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host's patience ran out; handled below.
        }

        if (performing.Count > 0)
        {
            LogAbandoned(performing.Count, options.Value.OnRestart);
            await Task.Delay(250, CancellationToken.None).ConfigureAwait(false); // lets the console logger write it
            ExitNow();
        }
    }

    public void Dispose() => server?.Dispose();

    private static void ExitNow()
    {
        if (OperatingSystem.IsLinux())
        {
            ExitImmediately(0); // no static destructors either: libtorch's would run under the training thread
        }

        Environment.Exit(0);
    }

    // DllImport: a void(int) call needs no marshalling, and LibraryImport would need unsafe code in this project.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "_exit")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern void ExitImmediately(int status);
#pragma warning restore SYSLIB1054

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} job(s) still running at the stop deadline; exiting now, they are left to the restart policy ({Policy})")]
    private partial void LogAbandoned(int count, RestartPolicy policy);

    /// <summary>Counts the jobs between their start and their end on this server's workers.</summary>
    private sealed class PerformingJobs : IServerFilter
    {
        private int count;

        public int Count => Volatile.Read(ref count);

        public void OnPerforming(PerformingContext context) => Interlocked.Increment(ref count);

        public void OnPerformed(PerformedContext context) => Interlocked.Decrement(ref count);
    }
}

using Hangfire;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LatentDash.Jobs.Queue;

/// <summary>The Hangfire server of this process, started only when <see cref="QueueOptions.Workers"/> &gt; 0 (a web
/// process in front of separate workers only enqueues). Jobs are built by the container's activator.</summary>
internal sealed partial class QueueServer(JobStorage storage, JobActivator activator, IOptions<QueueOptions> options, ILogger<QueueServer> logger)
    : IHostedService, IDisposable
{
    private BackgroundJobServer? server;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (o.Workers > 0)
        {
            server = new BackgroundJobServer(
                new BackgroundJobServerOptions
                {
                    WorkerCount = o.Workers,
                    Activator = activator,
                    CancellationCheckInterval = TimeSpan.FromMilliseconds(o.CancellationCheckMilliseconds),
                    // Jobs see their token fire at once (StopTimeout zero); Hangfire waits this long for them to end.
                    StopTimeout = TimeSpan.Zero,
                    ShutdownTimeout = TimeSpan.FromSeconds(o.StopSeconds),
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
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host's patience ran out first: what still runs is left to the restart policy, and stopping goes on.
            LogGaveUp(options.Value.OnRestart);
        }
    }

    public void Dispose() => server?.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The queue's server did not stop in time; unfinished jobs are left to the restart policy ({Policy})")]
    private partial void LogGaveUp(RestartPolicy policy);
}

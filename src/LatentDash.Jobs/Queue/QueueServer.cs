using Hangfire;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LatentDash.Jobs.Queue;

/// <summary>The Hangfire server of this process, started only when <see cref="QueueOptions.Workers"/> &gt; 0 (a web
/// process in front of separate workers only enqueues). Jobs are built by the container's activator.</summary>
internal sealed class QueueServer(JobStorage storage, JobActivator activator, IOptions<QueueOptions> options) : IHostedService, IDisposable
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
                    ShutdownTimeout = TimeSpan.FromSeconds(15),
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
        await server.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => server?.Dispose();
}

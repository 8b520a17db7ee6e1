using LatentDash.Jobs.Queue;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LatentDash.Jobs.Runs;

/// <summary>Keeps the run records in step with the queue: accounts for unfinished runs once at start (before the
/// queue's server takes jobs), then follows queued and running runs every <see cref="QueueOptions.RefreshMilliseconds"/>.</summary>
public sealed partial class RunMonitor(RunCoordinator queue, IOptions<QueueOptions> options, ILogger<RunMonitor> logger) : BackgroundService
{
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var recovered = queue.Recover();
        if (recovered > 0)
        {
            LogRecovered(recovered, options.Value.OnRestart);
        }

        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.Value.RefreshMilliseconds));
        while (await timer.TickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                queue.Refresh();
            }
#pragma warning disable CA1031 // a storage hiccup must not end the monitor; the next tick tries again
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogRefreshFailed(ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} unfinished run(s) from before the restart: {Policy}")]
    private partial void LogRecovered(int count, RestartPolicy policy);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Following the queue failed; trying again")]
    private partial void LogRefreshFailed(Exception exception);
}

using LatentDash.Jobs.Queue;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LatentDash.Jobs.Runs;

/// <summary>Runs the <see cref="TrainingTracker"/>: recovery once at start (before the queue's server takes jobs), then
/// a refresh every <see cref="QueueOptions.RefreshMilliseconds"/>. A failed tick is logged once until one succeeds.</summary>
public sealed partial class TrainingMonitor(TrainingTracker tracker, IOptions<QueueOptions> options, ILogger<TrainingMonitor> logger) : BackgroundService
{
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var recovered = tracker.Recover();
        if (recovered > 0)
        {
            LogRecovered(recovered, options.Value.OnRestart);
        }

        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.Value.RefreshMilliseconds));
        var failing = false;
        while (await timer.TickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                tracker.Refresh();
                failing = false;
            }
#pragma warning disable CA1031 // a storage hiccup or one bad record must not end the monitor; the next tick tries again
            catch (Exception ex)
#pragma warning restore CA1031
            {
                if (!failing)
                {
                    LogRefreshFailed(ex);
                }

                failing = true;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} unfinished training(s) from before the restart: {Policy}")]
    private partial void LogRecovered(int count, RestartPolicy policy);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Following the queue failed; trying again every tick (logged once until it works)")]
    private partial void LogRefreshFailed(Exception exception);
}

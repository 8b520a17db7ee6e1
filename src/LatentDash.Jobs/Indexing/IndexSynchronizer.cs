using LatentDash.Models;
using LatentDash.Models.Experiments;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LatentDash.Jobs.Indexing;

/// <summary>Keeps the experiment index in line with the folders: once as the host starts (before it serves anything:
/// a deleted or stale database is rebuilt), then every few seconds, so models that a CLI or another worker writes
/// appear without a restart. Temporary folders that a crash left behind long ago are removed at start.</summary>
public sealed partial class IndexSynchronizer(
    IExperimentIndex index,
    ExperimentStore store,
    IOptions<StorageOptions> options,
    ILogger<IndexSynchronizer> logger) : BackgroundService
{
    /// <summary>The first synchronisation runs before the host serves anything (ExecuteAsync runs in the background).</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var removed = store.RemoveLeftovers(TimeSpan.FromHours(6));
        var first = index.Synchronize();
        LogSynchronized(first.Added, first.Updated, first.Removed, first.Unchanged, removed);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.IndexSyncSeconds));
        while (await timer.TickAsync(stoppingToken).ConfigureAwait(false))
        {
            var result = index.Synchronize();
            if (result.Changed)
            {
                LogSynchronized(result.Added, result.Updated, result.Removed, result.Unchanged, 0);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Experiment index: {Added} added, {Updated} updated, {Removed} removed, {Unchanged} unchanged; {Leftovers} leftover temporary folder(s) removed")]
    private partial void LogSynchronized(int added, int updated, int removed, int unchanged, int leftovers);
}

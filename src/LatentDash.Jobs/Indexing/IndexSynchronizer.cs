using LatentDash.Models;
using LatentDash.Models.Experiments;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LatentDash.Jobs.Indexing;

/// <summary>Keeps the experiment index in line with the folders: once as the host starts (before it serves anything:
/// a deleted, stale or repaired database is rebuilt), then every few seconds, so models that a CLI or another worker
/// writes appear without a restart. Crash leftovers are removed at start.</summary>
/// <remarks>Nothing one folder can do stops the host: a folder that cannot be read is indexed as broken with its
/// reason (logged once per folder and reason), and a pass that fails as a whole is logged and tried again at the
/// next tick. Taking <see cref="IndexDatabase"/> opens the database (and repairs or refuses) while the hosted
/// services are built, before any of them starts.</remarks>
public sealed partial class IndexSynchronizer(
    IExperimentIndex index,
    IndexDatabase database,
    IServiceProvider services,
    IOptions<StorageOptions> options,
    ILogger<IndexSynchronizer> logger) : BackgroundService
{
    private readonly Dictionary<string, string> reportedBroken = new(StringComparer.Ordinal);
    private string? lastFailure;

    /// <summary>The first synchronisation runs before the host serves anything (ExecuteAsync runs in the background).</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (database.CorruptCopy is not null)
        {
            LogRebuilding(database.CorruptCopy);
        }

        var removed = 0;
        try
        {
            removed = CrashLeftovers.RemoveAll(services);
        }
#pragma warning disable CA1031 // a leftover that cannot be removed is no reason not to start; the log says which
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogLeftoversFailed(ex);
        }

        if (SynchronizeOnce() is { } first)
        {
            LogSynchronized(first.Added, first.Updated, first.Removed, first.Unchanged, removed);
        }

        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.IndexSyncSeconds));
        while (await timer.TickAsync(stoppingToken).ConfigureAwait(false))
        {
            if (SynchronizeOnce() is { Changed: true } result)
            {
                LogSynchronized(result.Added, result.Updated, result.Removed, result.Unchanged, 0);
            }
        }
    }

    /// <summary>One pass; null when it failed (logged once per distinct failure, tried again at the next tick).</summary>
    private IndexSyncResult? SynchronizeOnce()
    {
        try
        {
            var result = index.Synchronize();
            lastFailure = null;
            foreach (var entry in result.Broken)
            {
                var reason = entry.Error ?? "unknown";
                if (!reportedBroken.TryGetValue(entry.Id, out var known) || known != reason)
                {
                    reportedBroken[entry.Id] = reason;
                    LogBroken(entry.Id, reason);
                }
            }

            return result;
        }
#pragma warning disable CA1031 // the loop outlives any one failure (a folder or the disk misbehaving): log, go on
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (ex.Message != lastFailure)
            {
                lastFailure = ex.Message;
                LogSyncFailed(ex);
            }

            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Experiment index: {Added} added, {Updated} updated, {Removed} removed, {Unchanged} unchanged; {Leftovers} leftover temporary file(s) or folder(s) removed")]
    private partial void LogSynchronized(int added, int updated, int removed, int unchanged, int leftovers);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {Id} is broken and listed as such: {Reason}")]
    private partial void LogBroken(string id, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Synchronising the experiment index failed; trying again at the next tick")]
    private partial void LogSyncFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Removing crash leftovers failed; starting anyway")]
    private partial void LogLeftoversFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The index database was unreadable (kept as {Copy}); rebuilding the index from the experiment folders")]
    private partial void LogRebuilding(string copy);
}

using LatentDash.Models.Experiments;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LatentDash.Jobs.Indexing;

/// <summary>Brings the experiment index in line with the folders when a host starts (a deleted or stale database is
/// rebuilt from them), and removes temporary folders that a crash left behind long ago.</summary>
public sealed partial class IndexSynchronizer(IExperimentIndex index, ExperimentStore store, ILogger<IndexSynchronizer> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var removed = store.RemoveLeftovers(TimeSpan.FromHours(6));
        var result = index.Synchronize();
        LogSynchronized(result.Added, result.Updated, result.Removed, result.Unchanged, removed);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Experiment index: {Added} added, {Updated} updated, {Removed} removed, {Unchanged} unchanged; {Leftovers} leftover temporary folder(s) removed")]
    private partial void LogSynchronized(int added, int updated, int removed, int unchanged, int leftovers);
}

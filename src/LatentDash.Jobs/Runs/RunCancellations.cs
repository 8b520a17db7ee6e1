using System.Collections.Concurrent;

namespace LatentDash.Jobs.Runs;

/// <summary>The cancellation sources of the jobs this process is running, so a cancel from this process reaches its
/// job before the next batch; jobs in other processes learn of it from Hangfire (deleted state, checked every second).</summary>
public sealed class RunCancellations
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> running = new(StringComparer.Ordinal);

    /// <summary>A token that fires when <paramref name="queueToken"/> does or when this process cancels the run.</summary>
    public Registration Register(string runId, CancellationToken queueToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(queueToken);
        running[runId] = source;
        return new Registration(this, runId, source);
    }

    /// <summary>Cancels the run if this process trains it; true when it did.</summary>
    public bool Cancel(string runId)
    {
        if (!running.TryGetValue(runId, out var source))
        {
            return false;
        }

        try
        {
            source.Cancel();
            return true;
        }
        catch (ObjectDisposedException)
        {
            return false; // finished meanwhile
        }
    }

    public sealed class Registration(RunCancellations owner, string runId, CancellationTokenSource source) : IDisposable
    {
        public CancellationToken Token => source.Token;

        public void Dispose()
        {
            owner.running.TryRemove(new KeyValuePair<string, CancellationTokenSource>(runId, source));
            source.Dispose();
        }
    }
}

using System.Collections.Concurrent;

namespace LatentDash.Jobs.Runs;

/// <summary>The cancellation sources of the jobs this process is running, so a cancel from this process reaches its
/// job before the next batch; jobs in other processes learn of it from Hangfire (deleted state, checked every second).</summary>
public sealed class TrainingCancellations
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> running = new(StringComparer.Ordinal);

    /// <summary>A token that fires when <paramref name="queueToken"/> does or when this process cancels the training.</summary>
    public Registration Register(string trainingId, CancellationToken queueToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(queueToken);
        running[trainingId] = source;
        return new Registration(this, trainingId, source);
    }

    /// <summary>Cancels the training if this process trains it; true when it did.</summary>
    public bool Cancel(string trainingId)
    {
        if (!running.TryGetValue(trainingId, out var source))
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

    public sealed class Registration(TrainingCancellations owner, string trainingId, CancellationTokenSource source) : IDisposable
    {
        public CancellationToken Token => source.Token;

        public void Dispose()
        {
            owner.running.TryRemove(new KeyValuePair<string, CancellationTokenSource>(trainingId, source));
            source.Dispose();
        }
    }
}

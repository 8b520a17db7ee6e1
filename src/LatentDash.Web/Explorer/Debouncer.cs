namespace LatentDash.Web.Explorer;

/// <summary>Runs an action once a burst of calls pauses: every <see cref="Schedule"/> restarts the wait, and only the
/// last scheduled action runs. The explorer moves the splom's marker and the address only when a drag pauses, so that
/// neither a WebGL redraw nor a navigation delays the next image.</summary>
public sealed class Debouncer(TimeSpan delay) : IDisposable
{
    private readonly Lock gate = new();
    private CancellationTokenSource? pending;
    private bool disposed;

    /// <summary>Runs <paramref name="action"/> after the delay unless another call comes first (or the debouncer is
    /// cancelled or disposed). The action runs on the thread pool: marshal to a circuit with its InvokeAsync.</summary>
    public void Schedule(Func<Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        CancellationToken token;
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            CancelPending();
            pending = new CancellationTokenSource();
            token = pending.Token;
        }

        _ = RunAfterDelayAsync(action, token);
    }

    /// <summary>Drops the action waiting, if any.</summary>
    public void Cancel()
    {
        lock (gate)
        {
            CancelPending();
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            CancelPending();
        }
    }

    private async Task RunAfterDelayAsync(Func<Task> action, CancellationToken token)
    {
        try
        {
            await Task.Delay(delay, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (!token.IsCancellationRequested)
        {
            await action().ConfigureAwait(false);
        }
    }

    private void CancelPending()
    {
        pending?.Cancel();
        pending?.Dispose();
        pending = null;
    }
}

namespace LatentDash.Web.Runs;

/// <summary>Turns a burst of change notifications into one refresh: the first request starts a wait of
/// <c>interval</c>, the ones during it join it, and the refresh runs once at its end. A request during the refresh
/// starts the next wait, so the last change is always shown. The Trainings page uses it so that a tab reloads its
/// visible page at most once per interval however often trainings report.</summary>
public sealed class RefreshCoalescer(Func<Task> refresh, TimeSpan interval) : IDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private int pending;

    public void Request()
    {
        if (stopping.IsCancellationRequested || Interlocked.Exchange(ref pending, 1) == 1)
        {
            return; // a refresh is already on its way and will read the newest state
        }

        _ = RunAsync();
    }

    public void Dispose()
    {
        stopping.Cancel();
        stopping.Dispose();
    }

    private async Task RunAsync()
    {
        try
        {
            await Task.Delay(interval, stopping.Token).ConfigureAwait(false);
            Volatile.Write(ref pending, 0);
            await refresh().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // disposed: the page is gone
        }
        catch (ObjectDisposedException)
        {
            // disposed while the refresh was on its way
        }
    }
}

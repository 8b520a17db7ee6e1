namespace LatentDash.Web.Explorer;

/// <summary>Turns a burst of requests on one synchronisation context (a Blazor circuit) into one run of the work: the
/// first request yields, the requests queued meanwhile only update state, and the work then runs once with the latest
/// state. A fast slider drag thus decodes only the values it has reached, never a backlog.</summary>
/// <remarks>Not thread-safe by design: it relies on the circuit running one piece of work at a time.</remarks>
public sealed class Coalescer
{
    private bool scheduled;

    /// <summary>Runs <paramref name="work"/> after the queued requests, unless a run is already pending; true when this
    /// request is the one that ran it.</summary>
    public async Task<bool> RunAsync(Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (scheduled)
        {
            return false;
        }

        scheduled = true;
        try
        {
            await Task.Yield();
        }
        finally
        {
            scheduled = false;
        }

        work();
        return true;
    }
}

using LatentDash.Jobs.Analysis;

namespace LatentDash.Web.Components;

/// <summary>
/// Follows one analysis ticket at a time for a component: subscribes to its changes, unsubscribes when it follows
/// another one (or none) and when disposed, and reports a ticket that had already completed when it was followed.
/// </summary>
/// <remarks>The callback runs on the runner's thread (or, for a ticket already complete, on the caller's): a component
/// wraps its work in <c>InvokeAsync</c>.</remarks>
public sealed class TicketFollower<T>(Action onChanged) : IDisposable
    where T : class
{
    public AnalysisTicket<T>? Current { get; private set; }

    public void Follow(AnalysisTicket<T>? next)
    {
        if (ReferenceEquals(next, Current))
        {
            return;
        }

        if (Current is not null)
        {
            Current.Changed -= onChanged;
        }

        Current = next;
        if (next is null)
        {
            return;
        }

        next.Changed += onChanged;
        // It may have finished before the subscription.
        if (next.IsCompleted)
        {
            onChanged();
        }
    }

    public void Stop() => Follow(null);

    public void Dispose() => Stop();
}

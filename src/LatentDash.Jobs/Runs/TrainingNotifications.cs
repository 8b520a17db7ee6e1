using Microsoft.Extensions.Logging;

namespace LatentDash.Jobs.Runs;

/// <summary>Tells pages that trainings changed (any record: status, progress) or that a model was trained and indexed
/// (less often). A page subscribes, gets an <see cref="IDisposable"/>, and disposes it on leaving (eShop's
/// order-status notifier). Callbacks run on the notifier's thread: a page hops to its own with InvokeAsync.</summary>
public sealed partial class TrainingNotifications(ILogger<TrainingNotifications> logger)
{
    private readonly Lock gate = new();
    private readonly List<Func<Task>> changed = [];
    private readonly List<Func<Task>> trained = [];

    public IDisposable SubscribeToChanges(Func<Task> callback) => Subscribe(changed, callback);

    public IDisposable SubscribeToTrainedModels(Func<Task> callback) => Subscribe(trained, callback);

    /// <summary>How many subscriptions are live (a page that forgot to dispose shows here).</summary>
    public int Subscribers
    {
        get
        {
            lock (gate)
            {
                return changed.Count + trained.Count;
            }
        }
    }

    public void NotifyChanged() => Notify(changed);

    public void NotifyModelTrained() => Notify(trained);

    private Subscription Subscribe(List<Func<Task>> list, Func<Task> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        lock (gate)
        {
            list.Add(callback);
        }

        return new Subscription(() =>
        {
            lock (gate)
            {
                list.Remove(callback);
            }
        });
    }

    private void Notify(List<Func<Task>> list)
    {
        Func<Task>[] callbacks;
        lock (gate)
        {
            callbacks = [.. list];
        }

        foreach (var callback in callbacks)
        {
            try
            {
                var task = callback();
                if (!task.IsCompleted)
                {
                    _ = ObserveAsync(task);
                }
                else if (task.Exception is { } ex)
                {
                    LogListenerFailed(ex);
                }
            }
#pragma warning disable CA1031 // a listener's failure (a closed page) must not break the queue
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogListenerFailed(ex);
            }
        }
    }

    private async Task ObserveAsync(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // as above
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogListenerFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A listener of training changes failed")]
    private partial void LogListenerFailed(Exception exception);

    private sealed class Subscription(Action remove) : IDisposable
    {
        private Action? remove = remove;

        public void Dispose() => Interlocked.Exchange(ref remove, null)?.Invoke();
    }
}

namespace LatentDash.Jobs.Analysis;

/// <summary>One slow computation on a model (an embedding, sensitivity indices, …) as the pages see it: queued, then
/// running with a progress in [0,1], then done with a result or an error. Every page that asks for the same key gets
/// the same ticket.</summary>
/// <remarks><see cref="Changed"/> is raised on the queue's thread, at most every <see cref="AnalysisRunner.ProgressInterval"/>
/// for progress and always on completion: a component re-renders through InvokeAsync.</remarks>
public sealed class AnalysisTicket<T>
    where T : class
{
    private readonly TaskCompletionSource<T> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal AnalysisTicket(string key) => Key = key;

    public string Key { get; }

    public bool IsRunning { get; private set; }

    /// <summary>Fraction done, as the computation reports it.</summary>
    public double Progress { get; private set; }

    public T? Result { get; private set; }

    /// <summary>Why it failed, in words for the page.</summary>
    public string? Error { get; private set; }

    public bool IsCompleted => completion.Task.IsCompleted;

    /// <summary>Completes with the result; faults with the computation's exception; cancelled when the host stops.</summary>
    public Task<T> Completion => completion.Task;

    public event Action? Changed;

    internal void Start()
    {
        IsRunning = true;
        Changed?.Invoke();
    }

    internal void Report(double progress)
    {
        Progress = Math.Clamp(progress, 0, 1);
        Changed?.Invoke();
    }

    internal void Complete(T result)
    {
        (IsRunning, Progress, Result) = (false, 1, result);
        completion.TrySetResult(result);
        Changed?.Invoke();
    }

    internal void Fail(Exception exception)
    {
        (IsRunning, Error) = (false, exception.Message);
        completion.TrySetException(exception);
        Changed?.Invoke();
    }

    internal void Cancel()
    {
        (IsRunning, Error) = (false, "stopped: the dashboard is shutting down");
        completion.TrySetCanceled();
        Changed?.Invoke();
    }
}

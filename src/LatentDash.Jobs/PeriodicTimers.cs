namespace LatentDash.Jobs;

/// <summary>The loop condition of the background services.</summary>
internal static class PeriodicTimers
{
    /// <summary>Waits for the next tick; false when the host stops — also when it is disposed without being stopped,
    /// which cancels the token while the wait is pending.</summary>
    public static async Task<bool> TickAsync(this PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }
}

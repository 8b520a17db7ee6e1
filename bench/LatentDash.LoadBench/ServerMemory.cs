using System.Globalization;

namespace LatentDash.LoadBench;

/// <summary>The dashboard process's resident memory (VmRSS in /proc/&lt;pid&gt;/status), sampled in the background so
/// that the peak between two marks is known.</summary>
internal sealed class ServerMemory : IAsyncDisposable
{
    private readonly int pid;
    private readonly CancellationTokenSource stop = new();
    private readonly Task sampling;
    private long peak;

    public ServerMemory(int pid)
    {
        this.pid = pid;
        sampling = SampleAsync();
    }

    /// <summary>Resident memory now, in MB; NaN once the process is gone.</summary>
    public double Now()
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? double.NaN : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    /// <summary>The highest resident memory seen since the last call, in MB; starts a new window.</summary>
    public double TakePeak()
    {
        var now = Now();
        var seen = Interlocked.Exchange(ref peak, 0) / 1024.0;
        return double.IsNaN(now) ? seen : Math.Max(seen, now);
    }

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token))
            {
                var now = Now();
                if (!double.IsNaN(now))
                {
                    var kb = (long)(now * 1024);
                    long seen;
                    do
                    {
                        seen = Interlocked.Read(ref peak);
                    }
                    while (kb > seen && Interlocked.CompareExchange(ref peak, kb, seen) != seen);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await sampling;
        stop.Dispose();
    }
}

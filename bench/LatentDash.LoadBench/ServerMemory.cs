using System.Globalization;

namespace LatentDash.LoadBench;

/// <summary>The dashboard process's resident memory (VmRSS in /proc/&lt;pid&gt;/status) and the anonymous part of it
/// (RssAnon: the heaps, without the pages of mapped files such as libtorch's 400 MB library, of which the kernel maps
/// more or fewer depending on what the page cache holds), sampled in the background so that the peak between two marks
/// is known.</summary>
internal sealed class ServerMemory : IAsyncDisposable
{
    private readonly int pid;
    private readonly CancellationTokenSource stop = new();
    private readonly Task sampling;
    private long peak;
    private long peakAnonymous;

    public ServerMemory(int pid)
    {
        this.pid = pid;
        sampling = SampleAsync();
    }

    /// <summary>Resident and anonymous resident memory in MB.</summary>
    public readonly record struct Reading(double Rss, double Anonymous)
    {
        public static Reading Gone => new(double.NaN, double.NaN);

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Rss:F0} ({Anonymous:F0} anonymous)");
    }

    /// <summary>Resident memory now; NaN once the process is gone.</summary>
    public Reading Now()
    {
        try
        {
            double Field(string[] lines, string name) =>
                lines.FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal)) is { } line
                    ? long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0
                    : double.NaN;
            var status = File.ReadAllLines($"/proc/{pid}/status");
            return new Reading(Field(status, "VmRSS:"), Field(status, "RssAnon:"));
        }
        catch (IOException)
        {
            return Reading.Gone;
        }
    }

    /// <summary>The highest resident memory seen since the last call (each figure on its own); starts a new window.</summary>
    public Reading TakePeak()
    {
        var now = Now();
        var seen = new Reading(Interlocked.Exchange(ref peak, 0) / 1024.0, Interlocked.Exchange(ref peakAnonymous, 0) / 1024.0);
        return double.IsNaN(now.Rss) ? seen : new Reading(Math.Max(seen.Rss, now.Rss), Math.Max(seen.Anonymous, now.Anonymous));
    }

    private static void Raise(ref long peak, double mb)
    {
        var kb = (long)(mb * 1024);
        long seen;
        do
        {
            seen = Interlocked.Read(ref peak);
        }
        while (kb > seen && Interlocked.CompareExchange(ref peak, kb, seen) != seen);
    }

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token))
            {
                var now = Now();
                if (!double.IsNaN(now.Rss))
                {
                    Raise(ref peak, now.Rss);
                    Raise(ref peakAnonymous, now.Anonymous);
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

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using LatentDash.Models.Training;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LatentDash.Jobs.Analysis;

/// <summary>Runs the dashboard's slow computations on models (t-SNE/UMAP embeddings, structure metrics, Sobol indices)
/// in the background, one at a time, off every circuit and request thread: two cores are shared with training and
/// exploring. A key names what is computed (model, kind, settings); asking again for a key that is queued or running
/// returns the same ticket, so ten open pages cost one computation. Results are kept by the computation itself
/// (<see cref="Models.Analysis.AnalysisCache"/>), so a finished key is simply computed — or read — anew.</summary>
public sealed partial class AnalysisRunner(ILogger<AnalysisRunner> logger) : BackgroundService
{
    /// <summary>Least time between two progress notifications of a ticket.</summary>
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(200);

    private readonly Channel<Work> queue = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, Work> active = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    /// <summary>Computations queued or running.</summary>
    public int Count => active.Count;

    /// <summary>Queues <paramref name="compute"/> under <paramref name="key"/>, or returns the ticket of the same key
    /// already queued or running.</summary>
    /// <exception cref="InvalidOperationException">The key is in use by a computation of another result type.</exception>
    public AnalysisTicket<T> Enqueue<T>(string key, Func<IProgress<double>, CancellationToken, T> compute)
        where T : class
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(compute);
        lock (gate)
        {
            if (active.TryGetValue(key, out var existing))
            {
                return existing.Ticket as AnalysisTicket<T>
                    ?? throw new InvalidOperationException($"analysis '{key}' is already queued with another result type");
            }

            var ticket = new AnalysisTicket<T>(key);
            var work = new Work(key, ticket, token => Execute(ticket, compute, token), ticket.Cancel);
            active[key] = work;
            queue.Writer.TryWrite(work);
            return ticket;
        }
    }

    /// <summary>The ticket of a key queued or running, if any (a page that reopens finds the computation it started).</summary>
    public AnalysisTicket<T>? Find<T>(string key)
        where T : class =>
        active.TryGetValue(key, out var work) ? work.Ticket as AnalysisTicket<T> : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var work in queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    // A computation is CPU-bound native work: its own thread keeps the thread pool free for circuits.
                    await Task.Factory.StartNew(
                        () => work.Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    work.Cancel();
                }
                finally
                {
                    lock (gate)
                    {
                        active.TryRemove(work.Key, out _);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: whatever is still queued will never run.
        }

        foreach (var work in active.Values)
        {
            work.Cancel();
        }
    }

    private void Execute<T>(AnalysisTicket<T> ticket, Func<IProgress<double>, CancellationToken, T> compute, CancellationToken token)
        where T : class
    {
        var clock = Stopwatch.StartNew();
        ticket.Start();
        try
        {
            var result = compute(new ThrottledProgress(ticket.Report), token);
            LogComputed(ticket.Key, clock.Elapsed.TotalSeconds);
            ticket.Complete(result);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            ticket.Cancel();
        }
        catch (Exception ex)
        {
            // One failed computation is a message on the page that asked for it, never a stopped queue.
            LogFailed(ex, ticket.Key);
            ticket.Fail(ex);
        }
        finally
        {
            // A computation's tensors leave their high-water mark in the native heap, which the dashboard's allocator
            // settings (run.sh) never shrink: the structure metrics of a model left 290 MB there. Hand the freed pages
            // back (a few ms) before the next one.
            NativeHeap.Trim();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Analysis {Key} computed in {Seconds:F1} s")]
    private partial void LogComputed(string key, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Analysis {Key} failed")]
    private partial void LogFailed(Exception exception, string key);

    private sealed record Work(string Key, object Ticket, Action<CancellationToken> Run, Action Cancel);

    private sealed class ThrottledProgress(Action<double> report) : IProgress<double>
    {
        private long last;

        public void Report(double value)
        {
            var now = Stopwatch.GetTimestamp();
            if (value >= 1 || Stopwatch.GetElapsedTime(Interlocked.Read(ref last), now) >= ProgressInterval)
            {
                Interlocked.Exchange(ref last, now);
                report(value);
            }
        }
    }
}

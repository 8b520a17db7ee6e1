using System.Diagnostics;
using LatentDash.Models.Data;
using LatentDash.Models.Experiments;
using LatentDash.Models.Training;
using Microsoft.Extensions.Logging;

namespace LatentDash.Models.Latent;

/// <summary>Loads explorable models (network + encoded validation set + projections) and keeps the most recently used
/// few, within a memory bound that holds however many circuits borrow them.</summary>
/// <remarks>
/// <para>Every model the cache has loaded is in exactly one of two places until it is disposed: the LRU list (at most
/// <c>capacity</c> entries, loading ones included) or the set of evicted models still leased. An evicted model is
/// handed to the next borrower from that set instead of being loaded again, and disposed when its last lease ends.
/// So at most capacity + (models leased beyond it) are ever alive.</para>
/// <para>Two requests for one model share one load; loads run off the caller's thread, at most
/// <c>maxConcurrentLoads</c> at a time (each encodes a whole validation set). A waiter's cancellation only stops its
/// own wait; when the last waiter of a load gives up, the load is cancelled if it has not begun, and its model
/// disposed if it has. A failed load is not kept: every waiter sees the error and the next request tries again.</para>
/// </remarks>
public sealed partial class ExplorableModelCache : IDisposable
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Entry> cached = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Entry> evictedButLeased = new(StringComparer.Ordinal);
    private readonly LinkedList<string> recency = new();
    private readonly HashSet<Entry> tracked = [];
    private readonly ExperimentStore store;
    private readonly DatasetCatalog catalog;
    private readonly ValidationSets validationSets;
    private readonly int capacity;
    private readonly SemaphoreSlim loadSlots;
    private readonly ILogger<ExplorableModelCache> logger;
    private int loadsStarted;
    private int loadsRunning;
    private int peakLoadsRunning;
    private bool disposed;

    public ExplorableModelCache(ExperimentStore store, DatasetCatalog catalog, int capacity, int maxConcurrentLoads, ILogger<ExplorableModelCache> logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrentLoads, 1);
        this.store = store;
        this.catalog = catalog;
        validationSets = new ValidationSets(catalog);
        this.capacity = capacity;
        this.logger = logger;
        loadSlots = new SemaphoreSlim(maxConcurrentLoads, maxConcurrentLoads);
    }

    /// <summary>How many models the LRU list holds now (loading ones included; evicted-but-leased ones not).</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return cached.Count;
            }
        }
    }

    /// <summary>A consistent snapshot of what the cache holds, for tests, health checks and benchmarks.</summary>
    public ExplorableModelCacheStatistics Statistics
    {
        get
        {
            lock (gate)
            {
                return new ExplorableModelCacheStatistics(
                    Cached: cached.Count,
                    EvictedButLeased: evictedButLeased.Count,
                    Leased: cached.Values.Concat(evictedButLeased.Values).Count(e => e.Leases > 0),
                    Leases: cached.Values.Concat(evictedButLeased.Values).Sum(e => e.Leases),
                    Alive: tracked.Count(e => e.Loading.IsCompletedSuccessfully && !e.Loading.Result.IsDisposed),
                    LoadsStarted: loadsStarted,
                    LoadsRunning: loadsRunning,
                    PeakLoadsRunning: peakLoadsRunning);
            }
        }
    }

    /// <summary>Borrows a model, loading it first if needed. Dispose the lease when done with it.</summary>
    /// <exception cref="ArgumentException">A name breaks the naming rule (it never reaches the file system).</exception>
    /// <exception cref="InvalidDataException">The model folder is missing a file or holds a bad one.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> ended the wait.</exception>
    public async Task<ExplorableModelLease> AcquireAsync(string run, string model, CancellationToken cancellationToken = default)
    {
        var directory = store.ModelDirectory(run, model);
        cancellationToken.ThrowIfCancellationRequested();
        var key = $"{run}/{model}";
        Entry entry;
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            entry = Find(key) ?? Start(key, directory);
            entry.Leases++;
        }

        ExplorableModel loaded;
        try
        {
            loaded = await entry.Loading.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Release(entry);
            throw;
        }
        catch (Exception ex)
        {
            lock (gate)
            {
                entry.Leases--;
                Forget(entry);
            }

            // Every waiter of one failed load sees the error; it is logged once, by whoever comes first.
            if (Interlocked.Exchange(ref entry.FailureLogged, 1) == 0)
            {
                LogLoadFailed(ex, key);
            }

            throw;
        }

        return new ExplorableModelLease(loaded, () => Release(entry));
    }

    /// <summary>Starts loading a model that is neither cached nor loading, without borrowing it: for a page that names
    /// the model and is still on its way to the browser, whose circuit will acquire it a moment later. A prefetched model
    /// nobody acquires stays cached like one whose leases ended; a prefetch that fails before anyone waits for it is
    /// forgotten (the next acquirer loads again and sees why).</summary>
    /// <exception cref="ArgumentException">A name breaks the naming rule (it never reaches the file system).</exception>
    public void Prefetch(string run, string model)
    {
        var directory = store.ModelDirectory(run, model);
        var key = $"{run}/{model}";
        Entry entry;
        lock (gate)
        {
            if (disposed || Find(key) is not null)
            {
                return;
            }

            entry = Start(key, directory);
        }

        _ = entry.Loading.ContinueWith(
            failed =>
            {
                _ = failed.Exception; // observed: whoever acquires the model next sees the error of their own load
                lock (gate)
                {
                    if (entry.Leases == 0)
                    {
                        Forget(entry);
                    }
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>Forgets every model (a leased one is disposed with its last lease) and waits, at most
    /// <see cref="LoadWaitOnDispose"/>, for loads already under way: a load runs in libtorch and cannot stop midway, and a
    /// process that ends while one runs aborts (exit code 134 on SIGTERM) instead of exiting cleanly.</summary>
    public void Dispose()
    {
        Task[] running;
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            running = [.. tracked.Select(e => e.Loading).Where(t => !t.IsCompleted)];
            foreach (var entry in cached.Values.Concat(evictedButLeased.Values).ToList())
            {
                Forget(entry);
            }
        }

        try
        {
            Task.WaitAll(running, LoadWaitOnDispose);
        }
        catch (AggregateException)
        {
            // Cancelled (a load still waiting for its slot) or failed: over either way.
        }
    }

    /// <summary>How long disposal waits for loads under way (a cold load with its encoding takes a few seconds at most).</summary>
    internal static readonly TimeSpan LoadWaitOnDispose = TimeSpan.FromSeconds(8);

    /// <summary>The entry of a model still alive, moved to the front of the LRU list (revived if it was evicted).</summary>
    private Entry? Find(string key)
    {
        if (cached.TryGetValue(key, out var entry))
        {
            recency.Remove(entry.Node!);
            recency.AddFirst(entry.Node!);
            return entry;
        }

        if (evictedButLeased.Remove(key, out entry))
        {
            Admit(entry);
            return entry;
        }

        return null;
    }

    private Entry Start(string key, string directory)
    {
        var entry = new Entry(key);
        entry.Loading = LoadAsync(entry, directory);
        tracked.Add(entry);
        Admit(entry);
        // Whatever happens to the waiters, a model that finishes loading after they all left is disposed.
        _ = entry.Loading.ContinueWith(
            _ =>
            {
                lock (gate)
                {
                    DisposeIfUnreachable(entry);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return entry;
    }

    private async Task<ExplorableModel> LoadAsync(Entry entry, string directory)
    {
        var token = entry.Cancellation.Token;
        await loadSlots.WaitAsync(token).ConfigureAwait(false);
        try
        {
            token.ThrowIfCancellationRequested();
            lock (gate)
            {
                loadsStarted++;
                loadsRunning++;
                peakLoadsRunning = Math.Max(peakLoadsRunning, loadsRunning);
            }

            try
            {
                // Encoding a validation set takes a while and cannot stop midway: keep it off the caller's thread.
                var clock = Stopwatch.StartNew();
                var model = await Task.Run(() => Load(directory), CancellationToken.None).ConfigureAwait(false);
                LogLoaded(entry.Key, clock.ElapsedMilliseconds);
                return model;
            }
            finally
            {
                lock (gate)
                {
                    loadsRunning--;
                }
            }
        }
        finally
        {
            loadSlots.Release();
        }
    }

    private ExplorableModel Load(string directory)
    {
        var parameters = ExperimentFolder.ReadParams(directory);
        // A model trained before its dataset moved to the official split explores the images it was validated on.
        return ExplorableModel.Load(directory, validationSets.Get(catalog.TrainedOn(parameters.Vae.Dataset, parameters.DatasetSplit)));
    }

    /// <summary>Puts an entry at the front of the LRU list and pushes the least recent ones beyond capacity out.</summary>
    private void Admit(Entry entry)
    {
        cached[entry.Key] = entry;
        entry.Node = recency.AddFirst(entry.Key);
        while (cached.Count > capacity && recency.Last is { } oldest)
        {
            var evicted = cached[oldest.Value];
            cached.Remove(oldest.Value);
            recency.RemoveLast();
            evicted.Node = null;
            if (evicted.Leases > 0)
            {
                evictedButLeased[evicted.Key] = evicted;
            }
            else
            {
                evicted.Unreachable = true;
                DisposeIfUnreachable(evicted);
            }
        }
    }

    private void Release(Entry entry)
    {
        lock (gate)
        {
            entry.Leases--;
            if (entry.Leases > 0)
            {
                return;
            }

            // The last waiter left before the load finished (nobody will want it soon), or the last lease of an evicted
            // model (or of a model outliving the cache) ended: the entry goes, and its model with it.
            var evicted = evictedButLeased.TryGetValue(entry.Key, out var current) && current == entry;
            if (entry.Unreachable || evicted || !entry.Loading.IsCompleted)
            {
                Forget(entry);
            }
        }
    }

    /// <summary>Takes an entry out of the cache for good: a pending load is cancelled, a loaded model is disposed once
    /// nobody leases it.</summary>
    private void Forget(Entry entry)
    {
        if (cached.TryGetValue(entry.Key, out var current) && current == entry)
        {
            cached.Remove(entry.Key);
            recency.Remove(entry.Node!);
            entry.Node = null;
        }

        if (evictedButLeased.TryGetValue(entry.Key, out current) && current == entry)
        {
            evictedButLeased.Remove(entry.Key);
        }

        entry.Unreachable = true;
        if (!entry.Loading.IsCompleted && entry.Leases == 0)
        {
            entry.Cancellation.Cancel();
        }

        DisposeIfUnreachable(entry);
    }

    private void DisposeIfUnreachable(Entry entry)
    {
        if (!entry.Unreachable || entry.Leases > 0 || !entry.Loading.IsCompleted)
        {
            return;
        }

        tracked.Remove(entry);
        entry.Cancellation.Dispose();
        if (entry.Loading.IsCompletedSuccessfully && !entry.Loading.Result.IsDisposed)
        {
            entry.Loading.Result.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Model} for exploring in {Milliseconds} ms")]
    private partial void LogLoaded(string model, long milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not load {Model} for exploring")]
    private partial void LogLoadFailed(Exception exception, string model);

    private sealed class Entry(string key)
    {
        public int FailureLogged;

        public string Key { get; } = key;

        public Task<ExplorableModel> Loading { get; set; } = null!;

        public CancellationTokenSource Cancellation { get; } = new();

        /// <summary>Waiters plus holders of a lease.</summary>
        public int Leases { get; set; }

        /// <summary>No longer findable: disposed as soon as nobody leases it and its load has ended.</summary>
        public bool Unreachable { get; set; }

        public LinkedListNode<string>? Node { get; set; }
    }
}

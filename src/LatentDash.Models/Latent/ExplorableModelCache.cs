using LatentDash.Models.Data;
using LatentDash.Models.Experiments;
using LatentDash.Models.Training;
using Microsoft.Extensions.Logging;

namespace LatentDash.Models.Latent;

/// <summary>Loads explorable models (network + encoded validation set + projections) once and keeps the most recently
/// used few. Loading runs off the caller's thread; concurrent requests for one model share one load; a failed load is
/// not kept, so a retry tries again. An evicted model is disposed when its last lease is released.</summary>
public sealed partial class ExplorableModelCache(
    ExperimentStore store,
    DatasetCatalog catalog,
    int capacity,
    ILogger<ExplorableModelCache> logger) : IDisposable
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private readonly LinkedList<string> recency = new();

    /// <summary>How many models are held now.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return entries.Count;
            }
        }
    }

    /// <summary>Borrows a model, loading it first if needed. Dispose the lease when done with it.</summary>
    /// <exception cref="ArgumentException">A name breaks the naming rule (it never reaches the file system).</exception>
    /// <exception cref="InvalidDataException">The model folder is missing a file or holds a bad one.</exception>
    public async Task<ExplorableModelLease> AcquireAsync(string run, string model, CancellationToken cancellationToken = default)
    {
        var directory = store.ModelDirectory(run, model);
        var key = $"{run}/{model}";
        Entry entry;
        lock (gate)
        {
            if (!entries.TryGetValue(key, out entry!))
            {
                entry = new Entry(Task.Run(() => Load(directory), CancellationToken.None));
                entries[key] = entry;
                entry.Node = recency.AddFirst(key);
            }
            else
            {
                recency.Remove(entry.Node!);
                recency.AddFirst(entry.Node!);
            }

            entry.Leases++;
        }

        ExplorableModel loaded;
        try
        {
            loaded = await entry.Loading.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            lock (gate)
            {
                entry.Leases--;
                if (entries.TryGetValue(key, out var current) && current == entry)
                {
                    entries.Remove(key);
                    recency.Remove(entry.Node!);
                }
            }

            LogLoadFailed(ex, key);
            throw;
        }
        catch (OperationCanceledException)
        {
            Release(entry);
            throw;
        }

        lock (gate)
        {
            EvictBeyondCapacity();
        }

        return new ExplorableModelLease(loaded, () => Release(entry));
    }

    public void Dispose()
    {
        lock (gate)
        {
            foreach (var entry in entries.Values)
            {
                entry.Evicted = true;
                DisposeIfIdle(entry);
            }

            entries.Clear();
            recency.Clear();
        }
    }

    private ExplorableModel Load(string directory)
    {
        var parameters = ExperimentFolder.ReadParams(directory);
        var (manifest, validation) = catalog.LoadValidation(parameters.Vae.Dataset);
        var tensors = ImageTensors.From(validation);
        try
        {
            return ExplorableModel.Load(directory, tensors, manifest.ClassNames);
        }
        catch
        {
            tensors.Dispose();
            throw;
        }
    }

    private void Release(Entry entry)
    {
        lock (gate)
        {
            entry.Leases--;
            DisposeIfIdle(entry);
        }
    }

    private void EvictBeyondCapacity()
    {
        while (entries.Count > Math.Max(capacity, 1) && recency.Last is { } oldest)
        {
            var entry = entries[oldest.Value];
            entries.Remove(oldest.Value);
            recency.RemoveLast();
            entry.Evicted = true;
            DisposeIfIdle(entry);
        }
    }

    private static void DisposeIfIdle(Entry entry)
    {
        if (entry.Evicted && entry.Leases == 0 && entry.Loading.IsCompletedSuccessfully)
        {
            entry.Loading.Result.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not load {Model} for exploring")]
    private partial void LogLoadFailed(Exception exception, string model);

    private sealed class Entry(Task<ExplorableModel> loading)
    {
        public Task<ExplorableModel> Loading { get; } = loading;

        public int Leases { get; set; }

        public bool Evicted { get; set; }

        public LinkedListNode<string>? Node { get; set; }
    }
}

using LatentDash.Models.Data;
using LatentDash.Models.Latent;

namespace LatentDash.Web.Analysis.Reconstructions;

/// <summary>The leases of a page that shows several models at once, taken from the <see cref="ExplorableModelCache"/>:
/// <see cref="Set"/> says which models are wanted, and the holder releases those no longer wanted (a load under way is
/// abandoned, its lease released when it arrives) and borrows the new ones off the caller's thread. Page-owned:
/// dispose it with the page. <see cref="Changed"/> is raised, on the cache's thread, whenever a model arrives or fails.</summary>
public sealed class ModelLeases(ExplorableModelCache cache) : IDisposable
{
    private readonly Lock gate = new();
    private List<LeasedModel> held = [];
    private bool disposed;

    public event Action? Changed;

    /// <summary>The wanted models, in the order of the last <see cref="Set"/>.</summary>
    public IReadOnlyList<LeasedModel> Models
    {
        get
        {
            lock (gate)
            {
                return [.. held];
            }
        }
    }

    /// <summary>Holds exactly these models: those held already are kept (loaded or loading), the others released.</summary>
    public void Set(IEnumerable<(string Run, string Model)> wanted)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        var started = new List<LeasedModel>();
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            var next = new List<LeasedModel>();
            foreach (var (run, model) in wanted.Distinct())
            {
                // A failed model is tried again when it is asked for again.
                if (held.FirstOrDefault(h => h.Run == run && h.Name == model && h.Error is null) is { } kept)
                {
                    next.Add(kept);
                }
                else
                {
                    var fresh = new LeasedModel(run, model);
                    next.Add(fresh);
                    started.Add(fresh);
                }
            }

            foreach (var gone in held.Where(h => !next.Contains(h)))
            {
                ReleaseLocked(gone);
            }

            held = next;
        }

        foreach (var model in started)
        {
            _ = AcquireAsync(model);
        }
    }

    /// <summary>The held entry of a model, if it is wanted.</summary>
    public LeasedModel? Find(string run, string model)
    {
        lock (gate)
        {
            return held.FirstOrDefault(h => h.Run == run && h.Name == model);
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            foreach (var model in held)
            {
                ReleaseLocked(model);
            }

            held = [];
        }
    }

    private async Task AcquireAsync(LeasedModel model)
    {
        ExplorableModelLease lease;
        try
        {
            lease = await cache.AcquireAsync(model.Run, model.Name, model.Opening.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (model.Opening.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or ArgumentException or DatasetFormatException or ObjectDisposedException)
        {
            lock (gate)
            {
                model.Error = $"Model {model.Run}/{model.Name} could not be opened: {ex.Message}";
            }

            Changed?.Invoke();
            return;
        }

        lock (gate)
        {
            if (model.Released)
            {
                lease.Dispose();
                return;
            }

            model.Lease = lease;
        }

        Changed?.Invoke();
    }

    private static void ReleaseLocked(LeasedModel model)
    {
        model.Released = true;
        if (model.Lease is null)
        {
            model.Opening.Cancel();
        }

        model.Lease?.Dispose();
        model.Lease = null;
    }
}

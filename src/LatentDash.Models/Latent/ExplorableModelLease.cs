namespace LatentDash.Models.Latent;

/// <summary>A model borrowed from the <see cref="ExplorableModelCache"/>: it stays alive until the lease is disposed,
/// even when the cache evicts it meanwhile.</summary>
public sealed class ExplorableModelLease : IDisposable
{
    private readonly Action release;
    private int disposed;

    internal ExplorableModelLease(ExplorableModel model, Action release)
    {
        Model = model;
        this.release = release;
    }

    public ExplorableModel Model { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            release();
        }
    }
}

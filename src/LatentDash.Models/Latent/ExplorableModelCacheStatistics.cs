namespace LatentDash.Models.Latent;

/// <summary>What an <see cref="ExplorableModelCache"/> holds at one instant: models in its LRU list, evicted models kept
/// alive by a lease, models with at least one lease or waiter, leases and waiters in all, loaded models not yet
/// disposed, and its loads so far (started, running now, most running at once).</summary>
public sealed record ExplorableModelCacheStatistics(
    int Cached,
    int EvictedButLeased,
    int Leased,
    int Leases,
    int Alive,
    int LoadsStarted,
    int LoadsRunning,
    int PeakLoadsRunning);

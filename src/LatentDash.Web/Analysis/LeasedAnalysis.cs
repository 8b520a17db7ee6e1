using LatentDash.Models.Analysis;
using LatentDash.Models.Latent;

namespace LatentDash.Web.Analysis;

/// <summary>The body of a page's analysis on the <c>AnalysisRunner</c>: it holds a lease of its own on the model (so
/// that leaving the page does not pull the model away), returns the cached result if another computation wrote it
/// meanwhile, and otherwise computes and caches it beside the model.</summary>
public static class LeasedAnalysis
{
    public static T ReadOrCompute<T>(
        ExplorableModelCache cache, string run, string model, string name, Func<ExplorableModel, T> compute, CancellationToken token)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(compute);
        // The runner's thread is its own: blocking it on the load is what it is for.
        using var lease = cache.AcquireAsync(run, model, token).GetAwaiter().GetResult();
        var directory = lease.Model.Experiment.Directory;
        if (AnalysisCache.TryRead<T>(directory, name, out var cached))
        {
            return cached;
        }

        var computed = compute(lease.Model);
        AnalysisCache.Write(directory, name, computed);
        return computed;
    }
}

using LatentDash.Jobs.Analysis;
using LatentDash.Models.Analysis;
using LatentDash.Models.Latent;

namespace LatentDash.Web.Explorer;

/// <summary>Where the explorer gets a t-SNE or UMAP embedding of a model: from the model's analysis cache at once
/// (one small file), or from a computation queued on the <see cref="AnalysisRunner"/> (never on the circuit), which
/// keeps its result in that cache for the next open.</summary>
public static class ExplorerEmbeddings
{
    /// <summary>The embedding kept for the model's current weights; otherwise null, and <paramref name="ticket"/>
    /// follows its computation (the same ticket for every page asking while it runs).</summary>
    public static Embedding? Find(AnalysisRunner runner, ExplorableModel model, ProjectionKind kind, out AnalysisTicket<Embedding>? ticket)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(model);
        var request = new EmbeddingRequest(kind);
        var directory = model.Experiment.Directory;
        // The computation needs only the latent means, plain arrays that outlive the model's lease: it holds no model.
        var space = model.Space;
        if (EmbeddingCache.TryRead(directory, request, space.Count, out var cached))
        {
            ticket = null;
            return cached;
        }

        ticket = runner.Enqueue(
            $"embedding:{directory}:{request.CacheName}",
            (progress, token) => EmbeddingCache.GetOrCompute(directory, space, request, progress, token));
        return null;
    }

    /// <summary>How many of <paramref name="count"/> latent means the embedding of this kind holds.</summary>
    public static int PointsFor(ProjectionKind kind, int count) => new EmbeddingRequest(kind).PointsFor(count);
}

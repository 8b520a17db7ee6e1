using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using LatentDash.Models.Latent;

namespace LatentDash.Models.Analysis;

/// <summary>t-SNE and UMAP embeddings of a model's latent means, computed once and kept in its
/// <see cref="AnalysisCache"/> (keyed by the weights): a second open reads a file.</summary>
public static class EmbeddingCache
{
    /// <summary>The embedding computed for the model's current weights and this request, if there is one that fits
    /// a latent space of <paramref name="count"/> points.</summary>
    public static bool TryRead(string modelDirectory, EmbeddingRequest request, int count, [NotNullWhen(true)] out Embedding? embedding)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (AnalysisCache.TryRead(modelDirectory, request.CacheName, out embedding)
            && embedding.Kind == request.Kind
            && embedding.Count == request.PointsFor(count)
            && embedding.Coordinates?.Length == embedding.Count * 2)
        {
            return true;
        }

        embedding = null;
        return false;
    }

    /// <summary>Reads the embedding, or computes and keeps it (seconds: run it off any request or circuit thread).</summary>
    public static Embedding GetOrCompute(
        string modelDirectory, LatentSpace space, EmbeddingRequest request,
        IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(space);
        if (TryRead(modelDirectory, request, space.Count, out var cached))
        {
            progress?.Report(1);
            return cached;
        }

        var embedding = Compute(space, request, progress, cancellationToken);
        AnalysisCache.Write(modelDirectory, request.CacheName, embedding);
        return embedding;
    }

    /// <summary>Computes the embedding of the first <see cref="EmbeddingRequest.PointsFor"/> latent means.</summary>
    public static Embedding Compute(LatentSpace space, EmbeddingRequest request, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(request);
        var count = request.PointsFor(space.Count);
        var points = space.Mu.AsSpan(0, count * space.Dimensions);
        var clock = Stopwatch.StartNew();
        var coordinates = request.Kind == ProjectionKind.Tsne
            ? Tsne.Fit(points, count, space.Dimensions, request.Tsne, progress, cancellationToken)
            : Umap.Fit(points, count, space.Dimensions, request.Umap, progress, cancellationToken);
        return new Embedding(request.Kind, request.CacheName, count, coordinates, clock.Elapsed.TotalSeconds);
    }
}

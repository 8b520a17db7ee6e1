using TorchSharp;
using static TorchSharp.torch;

namespace LatentDash.Models.Analysis;

/// <summary>k-nearest-neighbour classification in latent space (Euclidean): each query point takes the majority label
/// of its k nearest reference points, the smallest label on a tie (as sklearn's mode). With the training split as
/// reference and the validation split as queries, its accuracy says how well nearby means share a class.</summary>
public static class NearestNeighbours
{
    public const int DefaultK = 5;

    private const int Chunk = 512;

    public static double Accuracy(
        ReadOnlySpan<float> reference, ReadOnlySpan<byte> referenceLabels,
        ReadOnlySpan<float> queries, ReadOnlySpan<byte> queryLabels,
        int dimensions, int k = DefaultK)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (reference.Length != referenceLabels.Length * dimensions || queries.Length != queryLabels.Length * dimensions)
        {
            throw new ArgumentException("values and labels do not make whole points");
        }

        if (referenceLabels.Length < k)
        {
            throw new ArgumentException($"{referenceLabels.Length} reference points are fewer than k = {k}");
        }

        if (queryLabels.IsEmpty)
        {
            return 0;
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var refs = tensor(reference.ToArray(), [referenceLabels.Length, dimensions]);
        var refLabels = tensor(referenceLabels.ToArray()).to(ScalarType.Int64);
        var classCount = (int)Math.Max(refLabels.max().item<long>(), queryLabels.ToArray().Max()) + 1;
        var refNorms = refs.Squared().sum(1).unsqueeze(0);
        var all = tensor(queries.ToArray(), [queryLabels.Length, dimensions]);
        var truth = tensor(queryLabels.ToArray()).to(ScalarType.Int64);
        long correct = 0;
        for (var start = 0; start < queryLabels.Length; start += Chunk)
        {
            using var chunkScope = NewDisposeScope();
            var count = Math.Min(Chunk, queryLabels.Length - start);
            var q = all.narrow(0, start, count);
            var distances = (q.Squared().sum(1, keepdim: true) - q.mm(refs.t()).mul(HeldScalars.Two)).Plus(refNorms);
            var nearest = distances.topk(k, dim: 1, largest: false).indexes;
            var votes = nn.functional.one_hot(refLabels.index_select(0, nearest.flatten()).view(count, k), classCount).sum(1);
            var predicted = votes.argmax(1); // the first maximum: the smallest label on a tie
            correct += predicted.eq(truth.narrow(0, start, count)).sum().item<long>();
        }

        return (double)correct / queryLabels.Length;
    }
}

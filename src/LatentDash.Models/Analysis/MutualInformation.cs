namespace LatentDash.Models.Analysis;

/// <summary>Mutual information and entropy of discrete variables from their joint counts, in nats (as sklearn's
/// <c>mutual_info_score</c>, which disentanglement_lib calls).</summary>
public static class MutualInformation
{
    /// <summary>I(a; b) = Σ p(a,b) log(p(a,b) / (p(a) p(b))), from paired observations.</summary>
    public static double Discrete(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"{a.Length} and {b.Length} observations do not pair up");
        }

        if (a.IsEmpty)
        {
            return 0;
        }

        var joint = new Dictionary<(int, int), int>();
        var countA = new Dictionary<int, int>();
        var countB = new Dictionary<int, int>();
        for (var i = 0; i < a.Length; i++)
        {
            joint[(a[i], b[i])] = joint.GetValueOrDefault((a[i], b[i])) + 1;
            countA[a[i]] = countA.GetValueOrDefault(a[i]) + 1;
            countB[b[i]] = countB.GetValueOrDefault(b[i]) + 1;
        }

        double n = a.Length, mi = 0;
        foreach (var ((x, y), count) in joint)
        {
            mi += count / n * Math.Log(count * n / ((double)countA[x] * countB[y]));
        }

        return Math.Max(0, mi); // rounding can leave -1e-17 for independent variables
    }

    /// <summary>H(a) = −Σ p(a) log p(a), in nats.</summary>
    public static double Entropy(ReadOnlySpan<int> a)
    {
        if (a.IsEmpty)
        {
            return 0;
        }

        var counts = new Dictionary<int, int>();
        foreach (var x in a)
        {
            counts[x] = counts.GetValueOrDefault(x) + 1;
        }

        double n = a.Length, h = 0;
        foreach (var count in counts.Values)
        {
            h -= count / n * Math.Log(count / n);
        }

        return h;
    }
}

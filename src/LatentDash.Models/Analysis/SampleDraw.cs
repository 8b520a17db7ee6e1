namespace LatentDash.Models.Analysis;

/// <summary>Picks validation images for the analysis views: a seeded random draw of N images of every class, so that a
/// URL naming (N, seed) names the same images on every machine and in every run of the app.</summary>
public static class SampleDraw
{
    /// <summary>The largest draw per class a view may ask for.</summary>
    public const int MaxPerClass = 10;

    /// <summary>Up to <paramref name="perClass"/> distinct indices of each class present in <paramref name="labels"/>,
    /// class by class (ascending), each class's indices ascending; a class with fewer images gives all of them.</summary>
    /// <remarks>System.Random with a seed is specified to give the same sequence on every platform and version, so
    /// the draw depends only on (labels, perClass, seed). Each class draws from its own generator, so adding images of
    /// one class never changes which images of another class are drawn.</remarks>
    public static int[] PerClass(ReadOnlySpan<byte> labels, int perClass, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perClass, 1);
        var byClass = new SortedDictionary<int, List<int>>();
        for (var i = 0; i < labels.Length; i++)
        {
            if (!byClass.TryGetValue(labels[i], out var members))
            {
                byClass[labels[i]] = members = [];
            }

            members.Add(i);
        }

        var drawn = new List<int>();
        foreach (var (label, members) in byClass)
        {
            // Not HashCode.Combine: it is randomised per process. Classes are below 256, so (seed, class) pairs never collide.
            var random = new Random(unchecked((seed * 257) + label) & int.MaxValue);
            // A partial Fisher–Yates shuffle: the first perClass positions end up a uniform draw without repetition.
            var pool = members.ToArray();
            var take = Math.Min(perClass, pool.Length);
            for (var i = 0; i < take; i++)
            {
                var j = random.Next(i, pool.Length);
                (pool[i], pool[j]) = (pool[j], pool[i]);
            }

            drawn.AddRange(pool.Take(take).Order());
        }

        return [.. drawn];
    }
}

namespace LatentDash.Models.Data;

/// <summary>A seeded, stratified train/validation split: each class gives the validation set its proportional share
/// (largest remainders settle the rounding, so totals are exact), and both sides are shuffled.</summary>
public static class StratifiedSplit
{
    public static (int[] Train, int[] Validation) Split(IReadOnlyList<byte> labels, int validationCount, int seed)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegative(validationCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(validationCount, labels.Count);
        var random = new Random(seed);
        var byClass = labels.Select((label, index) => (label, index))
            .GroupBy(x => x.label)
            .OrderBy(g => g.Key)
            .Select(g => g.Select(x => x.index).ToArray())
            .ToArray();

        var exact = byClass.Select(c => (double)c.Length * validationCount / labels.Count).ToArray();
        var shares = exact.Select(e => (int)Math.Floor(e)).ToArray();
        var remaining = validationCount - shares.Sum();
        foreach (var c in Enumerable.Range(0, byClass.Length).OrderByDescending(c => exact[c] - shares[c]).ThenBy(c => c).Take(remaining))
        {
            shares[c]++;
        }

        var train = new List<int>(labels.Count - validationCount);
        var validation = new List<int>(validationCount);
        for (var c = 0; c < byClass.Length; c++)
        {
            var members = byClass[c];
            random.Shuffle(members);
            validation.AddRange(members.Take(shares[c]));
            train.AddRange(members.Skip(shares[c]));
        }

        var trainArray = train.ToArray();
        var validationArray = validation.ToArray();
        random.Shuffle(trainArray);
        random.Shuffle(validationArray);
        return (trainArray, validationArray);
    }
}

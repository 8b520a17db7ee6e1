using LatentDash.Models.Data;

namespace LatentDash.Models.Tests.Data;

public class StratifiedSplitTests
{
    private static readonly byte[] Labels = [.. Enumerable.Range(0, 1000).Select(i => (byte)(i < 500 ? 0 : i < 800 ? 1 : 2))];

    [Fact]
    public void Totals_are_exact_and_each_class_gives_its_share()
    {
        var (train, validation) = StratifiedSplit.Split(Labels, 200, seed: 1);

        Assert.Equal(800, train.Length);
        Assert.Equal(200, validation.Length);
        Assert.Equal(1000, train.Concat(validation).Distinct().Count());
        Assert.Equal(100, validation.Count(i => Labels[i] == 0));
        Assert.Equal(60, validation.Count(i => Labels[i] == 1));
        Assert.Equal(40, validation.Count(i => Labels[i] == 2));
    }

    [Fact]
    public void Rounding_remainders_still_give_the_exact_total()
    {
        byte[] labels = [0, 0, 0, 1, 1, 1, 2, 2, 2, 2];
        var (train, validation) = StratifiedSplit.Split(labels, 5, seed: 3);
        Assert.Equal((5, 5), (train.Length, validation.Length));
    }

    [Fact]
    public void The_same_seed_gives_the_same_split_and_another_seed_another()
    {
        var a = StratifiedSplit.Split(Labels, 200, seed: 1);
        var b = StratifiedSplit.Split(Labels, 200, seed: 1);
        var c = StratifiedSplit.Split(Labels, 200, seed: 2);

        Assert.Equal(a.Validation, b.Validation);
        Assert.Equal(a.Train, b.Train);
        Assert.NotEqual(a.Validation, c.Validation);
    }
}

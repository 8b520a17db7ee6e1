using LatentDash.Models.Latent;

namespace LatentDash.Models.Tests.Latent;

public class SliderRangesTests
{
    // Two classes, two components: class 0 at (0, 10) and (2, 14); class 1 at (4, -2) alone.
    private static readonly ComponentStatistics Statistics = ComponentStatistics.Compute(
        [0f, 10f, 2f, 14f, 4f, -2f], [0, 0, 1], components: 2, classCount: 2);

    [Fact]
    public void Std_reaches_the_class_mean_plus_and_minus_one_std()
    {
        var (minimums, maximums) = SliderRanges.Compute(Statistics, SliderRange.Std, label: 0, [1.0, 12.0]);

        Assert.Equal([0.0, 10.0], minimums);
        Assert.Equal([2.0, 14.0], maximums);
    }

    [Fact]
    public void Three_std_reaches_three_times_as_far()
    {
        var (minimums, maximums) = SliderRanges.Compute(Statistics, SliderRange.ThreeStd, label: 0, [1.0, 12.0]);

        Assert.Equal([-2.0, 6.0], minimums);
        Assert.Equal([4.0, 18.0], maximums);
    }

    [Fact]
    public void Global_and_no_sample_reach_the_range_of_all_points()
    {
        foreach (var (range, label) in new[] { (SliderRange.Global, (int?)0), (SliderRange.Std, null) })
        {
            var (minimums, maximums) = SliderRanges.Compute(Statistics, range, label, [1.0, 0.0]);
            Assert.Equal([0.0, -2.0], minimums);
            Assert.Equal([4.0, 14.0], maximums);
        }
    }

    [Fact]
    public void A_class_of_one_point_still_gets_a_usable_slider()
    {
        var (minimums, maximums) = SliderRanges.Compute(Statistics, SliderRange.Std, label: 1, [4.0, -2.0]);

        Assert.Equal(4 - SliderRanges.MinimumStd, minimums[0], 12);
        Assert.Equal(4 + SliderRanges.MinimumStd, maximums[0], 12);
    }

    [Fact]
    public void The_current_value_is_always_reachable()
    {
        var (minimums, maximums) = SliderRanges.Compute(Statistics, SliderRange.Std, label: 0, [-50.0, 99.0]);

        Assert.Equal([-50.0, 10.0], minimums);
        Assert.Equal([2.0, 99.0], maximums);
    }

    [Fact]
    public void More_values_than_components_are_refused()
    {
        Assert.Throws<ArgumentException>(() => SliderRanges.Compute(Statistics, SliderRange.Std, 0, [0.0, 0.0, 0.0]));
    }
}

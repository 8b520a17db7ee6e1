using LatentDash.Models.Analysis;

namespace LatentDash.Models.Tests.Analysis;

public sealed class SampleDrawTests
{
    // 40 images of classes 0..2 in turn, and two of class 7.
    private static readonly byte[] Labels = [.. Enumerable.Range(0, 40).Select(i => (byte)(i % 3)), 7, 7];

    [Fact]
    public void The_same_seed_draws_the_same_images()
    {
        Assert.Equal(SampleDraw.PerClass(Labels, 4, seed: 11), SampleDraw.PerClass(Labels, 4, seed: 11));
    }

    [Fact]
    public void Each_class_gives_n_distinct_images_of_that_class_in_class_order()
    {
        var drawn = SampleDraw.PerClass(Labels, 4, seed: 11);

        Assert.Equal(4 + 4 + 4 + 2, drawn.Length);
        Assert.Equal(drawn.Length, drawn.Distinct().Count());
        Assert.Equal([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 7, 7], drawn.Select(i => (int)Labels[i]));
    }

    [Fact]
    public void A_class_with_fewer_images_than_asked_gives_all_of_them()
    {
        var drawn = SampleDraw.PerClass(Labels, 5, seed: 2);

        Assert.Equal([40, 41], drawn.Where(i => Labels[i] == 7));
    }

    [Fact]
    public void Asking_for_every_image_of_a_class_gives_the_whole_class()
    {
        var drawn = SampleDraw.PerClass(Labels, 14, seed: 5);

        Assert.Equal(Enumerable.Range(0, 42), drawn.Order());
    }

    [Fact]
    public void Another_seed_draws_other_images()
    {
        Assert.NotEqual(SampleDraw.PerClass(Labels, 3, seed: 1), SampleDraw.PerClass(Labels, 3, seed: 2));
    }

    [Fact]
    public void A_draw_of_one_class_does_not_depend_on_the_images_of_another()
    {
        byte[] more = [.. Labels, 1, 1, 1, 1];

        Assert.Equal(
            SampleDraw.PerClass(Labels, 3, seed: 8).Where(i => Labels[i] == 0),
            SampleDraw.PerClass(more, 3, seed: 8).Where(i => more[i] == 0));
    }
}

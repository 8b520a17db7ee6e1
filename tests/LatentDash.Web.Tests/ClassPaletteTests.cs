namespace LatentDash.Web.Tests;

public sealed class ClassPaletteTests
{
    [Fact]
    public void Ten_classes_get_ten_distinct_colours_and_the_sequence_repeats_after_them()
    {
        var first = Enumerable.Range(0, 10).Select(ClassPalette.Of).ToList();

        Assert.Equal(10, first.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal("#1f77b4", ClassPalette.Of(0));
        Assert.Equal(ClassPalette.Of(3), ClassPalette.Of(13));
        Assert.Equal(ClassPalette.Of(9), ClassPalette.Of(-1));
    }
}

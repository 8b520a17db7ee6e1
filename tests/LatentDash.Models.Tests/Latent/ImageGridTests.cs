using LatentDash.Models.Latent;

namespace LatentDash.Models.Tests.Latent;

public class ImageGridTests
{
    private static readonly float[] Expected =
    [
        0f, 0f, 1f, .1f, .1f, 1f, .2f, .2f,
        1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f,
        .3f, .3f, 1f, .4f, .4f, 1f, 1f, 1f,
    ];

    [Fact]
    public void Images_are_laid_out_row_major_with_a_gap_of_background_between_them()
    {
        // Five 2x1 images, 3 columns, gap 1: two rows; image i is filled with i / 10.
        var images = Enumerable.Range(0, 5).SelectMany(i => new[] { i / 10f, i / 10f }).ToArray();

        var pixels = ImageGrid.Compose(images, 5, width: 2, height: 1, columns: 3, gap: 1, background: 1f);

        Assert.Equal((8, 3), ImageGrid.Size(5, 2, 1, 3, gap: 1));
        Assert.Equal(Expected, pixels);
    }

    [Fact]
    public void A_grid_becomes_a_png_of_the_composed_size_times_the_scale()
    {
        var png = ImageGrid.Png(new float[4 * 28 * 28], 4, 28, 28, columns: 2, scale: 3, gap: 2);

        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        var width = (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19];
        var height = (png[20] << 24) | (png[21] << 16) | (png[22] << 8) | png[23];
        Assert.Equal((58 * 3, 58 * 3), (width, height));
    }

    [Fact]
    public void Pixels_that_are_not_whole_images_are_refused()
    {
        Assert.Throws<ArgumentException>(() => ImageGrid.Compose(new float[5], 1, 2, 2, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageGrid.Compose(new float[4], 1, 2, 2, 0));
    }
}

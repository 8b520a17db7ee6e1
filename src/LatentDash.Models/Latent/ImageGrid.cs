namespace LatentDash.Models.Latent;

/// <summary>Lays out equally sized greyscale images (values in [0,1], row-major, one after another) as one picture of
/// <c>rows × columns</c> cells separated by a gap, for the decoded-image grids of the analysis views and their PNG
/// export. Cells past the last image are left as background.</summary>
public static class ImageGrid
{
    /// <summary>The grid as pixels: ((columns·(width+gap)−gap) × (rows·(height+gap)−gap)).</summary>
    public static float[] Compose(
        ReadOnlySpan<float> images, int count, int width, int height, int columns, int gap = 2, float background = 1f)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(gap);
        if (images.Length != count * width * height)
        {
            throw new ArgumentException($"{images.Length} values are not {count} images of {width}x{height}", nameof(images));
        }

        var (outWidth, outHeight) = Size(count, width, height, columns, gap);
        var pixels = new float[outWidth * outHeight];
        pixels.AsSpan().Fill(background);
        for (var i = 0; i < count; i++)
        {
            int left = (i % columns) * (width + gap), top = (i / columns) * (height + gap);
            var image = images.Slice(i * width * height, width * height);
            for (var y = 0; y < height; y++)
            {
                image.Slice(y * width, width).CopyTo(pixels.AsSpan(((top + y) * outWidth) + left, width));
            }
        }

        return pixels;
    }

    /// <summary>The composed grid's size in pixels.</summary>
    public static (int Width, int Height) Size(int count, int width, int height, int columns, int gap = 2)
    {
        var rows = Math.Max(1, (count + columns - 1) / columns);
        var shownColumns = Math.Max(1, Math.Min(columns, count));
        return ((shownColumns * (width + gap)) - gap, (rows * (height + gap)) - gap);
    }

    /// <summary>The grid as a PNG, each source pixel drawn <paramref name="scale"/> times larger.</summary>
    public static byte[] Png(
        ReadOnlySpan<float> images, int count, int width, int height, int columns, int scale = 2, int gap = 2)
    {
        var pixels = Compose(images, count, width, height, columns, gap);
        var (outWidth, outHeight) = Size(count, width, height, columns, gap);
        return GrayscalePng.Encode(pixels, outWidth, outHeight, scale);
    }
}

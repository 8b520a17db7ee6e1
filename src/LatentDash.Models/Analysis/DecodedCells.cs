using LatentDash.Models.Latent;

namespace LatentDash.Models.Analysis;

/// <summary>Latent vectors decoded in one batch, with what the classifier branch (if any) says of each image: the images
/// of a traversal grid or an interpolation strip.</summary>
/// <param name="Count">Images.</param>
/// <param name="Width">Pixels across one image.</param>
/// <param name="Height">Pixels down one image.</param>
/// <param name="Pixels">Count × Height × Width greyscale values in [0,1] (the first channel of each image).</param>
/// <param name="Predicted">Per image, the most probable class; null without a classifier branch.</param>
/// <param name="Probability">Per image, that class' probability; null without a classifier branch.</param>
public sealed record DecodedCells(int Count, int Width, int Height, float[] Pixels, int[]? Predicted, float[]? Probability)
{
    /// <summary>Decodes <paramref name="z"/> (count × latent dim) as <paramref name="label"/> for a conditioned decoder,
    /// then classifies the decodes.</summary>
    public static DecodedCells Decode(ExplorableModel model, ReadOnlySpan<float> z, int label)
    {
        ArgumentNullException.ThrowIfNull(model);
        var pixels = model.DecodeMany(z, label);
        var config = model.Config;
        var count = pixels.Length / model.ImageSize;
        int[]? predicted = null;
        float[]? probability = null;
        if (model.ClassProbabilitiesMany(pixels) is { } probabilities)
        {
            var classes = config.ClassCount;
            predicted = new int[count];
            probability = new float[count];
            for (var i = 0; i < count; i++)
            {
                var row = probabilities.AsSpan(i * classes, classes);
                var best = 0;
                for (var c = 1; c < classes; c++)
                {
                    if (row[c] > row[best])
                    {
                        best = c;
                    }
                }

                (predicted[i], probability[i]) = (best, row[best]);
            }
        }

        var plane = config.Height * config.Width;
        var greyscale = config.Channels == 1 ? pixels : FirstChannel(pixels, count, model.ImageSize, plane);
        return new DecodedCells(count, config.Width, config.Height, greyscale, predicted, probability);
    }

    /// <summary>One image's pixels.</summary>
    public ReadOnlySpan<float> Image(int index) => Pixels.AsSpan(index * Width * Height, Width * Height);

    /// <summary>Images [<paramref name="start"/>, start + count) laid out in <paramref name="columns"/> columns as a PNG.</summary>
    public byte[] Png(int start, int count, int columns, int scale, int gap = 2) =>
        ImageGrid.Png(Pixels.AsSpan(start * Width * Height, count * Width * Height), count, Width, Height, columns, scale, gap);

    /// <summary>One image as a PNG.</summary>
    public byte[] Png(int index, int scale) => GrayscalePng.Encode(Image(index), Width, Height, scale);

    private static float[] FirstChannel(float[] pixels, int count, int imageSize, int plane)
    {
        var result = new float[count * plane];
        for (var i = 0; i < count; i++)
        {
            pixels.AsSpan(i * imageSize, plane).CopyTo(result.AsSpan(i * plane, plane));
        }

        return result;
    }
}

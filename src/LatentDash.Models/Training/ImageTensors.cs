using LatentDash.Models.Data;
using static TorchSharp.torch;

namespace LatentDash.Models.Training;

/// <summary>A labelled image set held in memory as tensors: images N×C×H×W float in [0,1], labels N int64.</summary>
/// <remarks>Batches are cut from it with index_select, so the whole epoch runs without host copies.</remarks>
public sealed class ImageTensors : IDisposable
{
    private ImageTensors(Tensor images, Tensor labels)
    {
        Images = images;
        Labels = labels;
    }

    public Tensor Images { get; }

    public Tensor Labels { get; }

    public int Count => (int)Labels.shape[0];

    /// <summary>Builds the tensors from bytes (0..255, row-major N×C×H×W) and class indices.</summary>
    public static ImageTensors Create(byte[] pixels, byte[] labels, int channels, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        var n = labels.Length;
        if (pixels.Length != (long)n * channels * height * width)
        {
            throw new ArgumentException(
                $"{pixels.Length} pixel bytes do not make {n} images of {channels}x{height}x{width}", nameof(pixels));
        }

        using var scope = NewDisposeScope();
        var images = tensor(pixels, [n, channels, height, width], ScalarType.Byte).to(ScalarType.Float32).div_(HeldScalars.ByteMax);
        var labelTensor = tensor(labels, [n], ScalarType.Byte).to(ScalarType.Int64);
        return new ImageTensors(images.MoveToOuterDisposeScope(), labelTensor.MoveToOuterDisposeScope());
    }

    /// <summary>Builds the tensors of a loaded image set, with its own shape.</summary>
    public static ImageTensors From(ImageSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        return Create(set.Pixels, set.Labels, set.Channels, set.Height, set.Width);
    }

    /// <summary>The first <paramref name="count"/> images and labels, as a new owner.</summary>
    public ImageTensors Take(int count)
    {
        using var scope = NewDisposeScope();
        var n = Math.Min(count, Count);
        return new ImageTensors(
            Images.narrow(0, 0, n).clone().MoveToOuterDisposeScope(),
            Labels.narrow(0, 0, n).clone().MoveToOuterDisposeScope());
    }

    /// <summary>The images and labels at <paramref name="indices"/> (int64), as a new owner.</summary>
    public ImageTensors Select(Tensor indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        using var scope = NewDisposeScope();
        return new ImageTensors(
            Images.index_select(0, indices).MoveToOuterDisposeScope(),
            Labels.index_select(0, indices).MoveToOuterDisposeScope());
    }

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}

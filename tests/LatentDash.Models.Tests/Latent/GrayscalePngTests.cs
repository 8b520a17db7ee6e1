using System.Buffers.Binary;
using System.IO.Compression;
using LatentDash.Models.Latent;

namespace LatentDash.Models.Tests.Latent;

public class GrayscalePngTests
{
    [Fact]
    public void A_png_carries_the_upscaled_size_and_the_clamped_pixels()
    {
        float[] pixels = [0f, 1f, 0.5f, 2f];

        var png = GrayscalePng.Encode(pixels, width: 2, height: 2, scale: 3);

        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Equal(6, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(6, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
        var idatLength = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(33));
        using var zlib = new ZLibStream(new MemoryStream(png, 41, idatLength), CompressionMode.Decompress);
        using var raw = new MemoryStream();
        zlib.CopyTo(raw);
        var rows = raw.ToArray();
        Assert.Equal(6 * 7, rows.Length);
        Assert.Equal([0, 0, 0, 0, 255, 255, 255], rows[..7]);
        Assert.Equal([0, 128, 128, 128, 255, 255, 255], rows[(3 * 7)..(4 * 7)]);
    }
}

using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace LatentDash.Models.Latent;

/// <summary>Encodes a greyscale image (values in [0,1], clamped) as an 8-bit PNG, upscaled by an integer factor with
/// nearest-neighbour sampling so the pixels stay crisp.</summary>
public static class GrayscalePng
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static byte[] Encode(ReadOnlySpan<float> pixels, int width, int height, int scale = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        if (pixels.Length != width * height)
        {
            throw new ArgumentException($"{pixels.Length} pixels are not {width}x{height}", nameof(pixels));
        }

        int outWidth = width * scale, outHeight = height * scale;
        var raw = new byte[outHeight * (outWidth + 1)];
        for (var y = 0; y < outHeight; y++)
        {
            var row = y * (outWidth + 1);
            raw[row] = 0; // filter: none
            var source = (y / scale) * width;
            for (var x = 0; x < outWidth; x++)
            {
                var v = pixels[source + (x / scale)];
                raw[row + 1 + x] = (byte)Math.Round(Math.Clamp(float.IsNaN(v) ? 0 : v, 0f, 1f) * 255f);
            }
        }

        using var output = new MemoryStream();
        output.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, outWidth);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], outHeight);
        header[8] = 8; // bit depth
        header[9] = 0; // colour type: greyscale
        WriteChunk(output, "IHDR", header);
        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                zlib.Write(raw);
            }

            WriteChunk(output, "IDAT", compressed.ToArray());
        }

        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    private static void WriteChunk(Stream output, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        output.Write(length);
        Span<byte> typeBytes = stackalloc byte[4];
        for (var i = 0; i < 4; i++)
        {
            typeBytes[i] = (byte)type[i];
        }

        output.Write(typeBytes);
        output.Write(data);
        var crc = new Crc32();
        crc.Append(typeBytes);
        crc.Append(data);
        Span<byte> checksum = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(checksum, crc.GetCurrentHashAsUInt32());
        output.Write(checksum);
    }
}

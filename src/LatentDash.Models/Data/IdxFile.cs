using System.Buffers.Binary;
using System.IO.Compression;

namespace LatentDash.Models.Data;

/// <summary>Reads and writes IDX files, the format of the canonical MNIST files: a magic number (two zero bytes, the
/// element type 0x08 for unsigned bytes, the number of dimensions), big-endian int32 sizes, then the data.</summary>
/// <remarks>Gzip is detected from the content on read and used on write when the name ends in .gz.</remarks>
public static class IdxFile
{
    private const byte UnsignedByte = 0x08;

    /// <summary>Reads an image file (dimensions count × rows × cols, or count × channels × rows × cols).</summary>
    public static (int Count, int Channels, int Rows, int Columns, byte[] Pixels) ReadImages(string path)
    {
        var (sizes, data) = Read(path);
        return sizes.Length switch
        {
            3 => (sizes[0], 1, sizes[1], sizes[2], data),
            4 => (sizes[0], sizes[1], sizes[2], sizes[3], data),
            _ => throw new DatasetFormatException(path, $"an image file needs 3 or 4 dimensions, found {sizes.Length}"),
        };
    }

    /// <summary>Reads a label file (one dimension).</summary>
    public static byte[] ReadLabels(string path)
    {
        var (sizes, data) = Read(path);
        return sizes.Length == 1
            ? data
            : throw new DatasetFormatException(path, $"a label file needs 1 dimension, found {sizes.Length}");
    }

    public static void WriteImages(string path, byte[] pixels, int count, int rows, int columns) =>
        Write(path, pixels, [count, rows, columns]);

    public static void WriteLabels(string path, byte[] labels) => Write(path, labels, [labels.Length]);

    private static (int[] Sizes, byte[] Data) Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new DatasetFormatException(path, "file is missing");
        }

        byte[] bytes;
        try
        {
            bytes = Decompress(File.ReadAllBytes(path));
        }
        catch (InvalidDataException ex)
        {
            throw new DatasetFormatException(path, $"gzip data is corrupt: {ex.Message}", ex);
        }

        if (bytes.Length < 4)
        {
            throw new DatasetFormatException(path, $"truncated header: {bytes.Length} bytes, expected at least 4");
        }

        if (bytes[0] != 0 || bytes[1] != 0)
        {
            throw new DatasetFormatException(path,
                $"wrong magic number 0x{BinaryPrimitives.ReadUInt32BigEndian(bytes):X8}: an IDX file starts with 0x0000 then type and dimensions (e.g. 0x00000803 for images, 0x00000801 for labels)");
        }

        if (bytes[2] != UnsignedByte)
        {
            throw new DatasetFormatException(path, $"element type 0x{bytes[2]:X2} is not supported; only unsigned bytes (0x08) are");
        }

        int dimensions = bytes[3];
        if (dimensions is < 1 or > 4)
        {
            throw new DatasetFormatException(path, $"{dimensions} dimensions are not supported (1 to 4)");
        }

        var headerLength = 4 + (4 * dimensions);
        if (bytes.Length < headerLength)
        {
            throw new DatasetFormatException(path, $"truncated header: {bytes.Length} bytes, expected {headerLength}");
        }

        var sizes = new int[dimensions];
        long expected = 1;
        for (var d = 0; d < dimensions; d++)
        {
            sizes[d] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + (4 * d)));
            if (sizes[d] < 0)
            {
                throw new DatasetFormatException(path, $"dimension {d} has a negative size {sizes[d]}");
            }

            expected *= sizes[d];
        }

        var found = bytes.Length - headerLength;
        if (found != expected)
        {
            throw new DatasetFormatException(path,
                found < expected
                    ? $"truncated data: expected {expected} bytes for sizes {string.Join('x', sizes)}, found {found}"
                    : $"{found - expected} bytes of trailing data after the {expected} the sizes {string.Join('x', sizes)} call for");
        }

        return (sizes, bytes[headerLength..]);
    }

    private static byte[] Decompress(byte[] bytes)
    {
        if (bytes.Length < 2 || bytes[0] != 0x1f || bytes[1] != 0x8b)
        {
            return bytes;
        }

        using var input = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    private static void Write(string path, byte[] data, int[] sizes)
    {
        ArgumentNullException.ThrowIfNull(data);
        var header = new byte[4 + (4 * sizes.Length)];
        header[2] = UnsignedByte;
        header[3] = (byte)sizes.Length;
        for (var d = 0; d < sizes.Length; d++)
        {
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + (4 * d)), sizes[d]);
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = File.Create(temp))
            using (var stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
                       ? new GZipStream(file, CompressionLevel.SmallestSize)
                       : (Stream)file)
            {
                stream.Write(header);
                stream.Write(data);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}

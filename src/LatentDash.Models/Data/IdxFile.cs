using System.Buffers.Binary;
using System.IO.Compression;

namespace LatentDash.Models.Data;

/// <summary>Reads and writes IDX files, the format of the canonical MNIST files: a magic number (two zero bytes, the
/// element type 0x08 for unsigned bytes, the number of dimensions), big-endian int32 sizes, then the data.</summary>
/// <remarks>Gzip is detected from the content on read and used on write when the name ends in .gz.</remarks>
public static class IdxFile
{
    private const byte UnsignedByte = 0x08;

    private const int MaxDimensions = 4;

    /// <summary>Reads an image file: magic 0x00000803 (count × rows × cols) or 0x00000804 (count × channels × rows × cols).</summary>
    public static (int Count, int Channels, int Rows, int Columns, byte[] Pixels) ReadImages(string path)
    {
        var (sizes, data) = Read(path, "image", "0x00000803 (or 0x00000804 with channels)", "pixel");
        return sizes.Length switch
        {
            3 => (sizes[0], 1, sizes[1], sizes[2], data),
            4 => (sizes[0], sizes[1], sizes[2], sizes[3], data),
            _ => throw new DatasetFormatException(path,
                $"wrong magic number 0x000008{sizes.Length:X2}, expected 0x00000803: an image file needs 3 or 4 dimensions, found {sizes.Length}"),
        };
    }

    /// <summary>Reads a label file: magic 0x00000801, one dimension.</summary>
    public static byte[] ReadLabels(string path)
    {
        var (sizes, data) = Read(path, "label", "0x00000801", "label");
        return sizes.Length == 1
            ? data
            : throw new DatasetFormatException(path,
                $"wrong magic number 0x000008{sizes.Length:X2}, expected 0x00000801: a label file needs 1 dimension, found {sizes.Length}");
    }

    /// <summary>Writes single-channel images (magic 0x00000803), the layout every MNIST reader expects.</summary>
    public static void WriteImages(string path, byte[] pixels, int count, int rows, int columns) =>
        Write(path, pixels, [count, rows, columns]);

    /// <summary>Writes images with <paramref name="channels"/> planes; one channel keeps the 3-dimension MNIST layout.</summary>
    public static void WriteImages(string path, byte[] pixels, int count, int channels, int rows, int columns) =>
        Write(path, pixels, channels == 1 ? [count, rows, columns] : [count, channels, rows, columns]);

    public static void WriteLabels(string path, byte[] labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        Write(path, labels, [labels.Length]);
    }

    private static (int[] Sizes, byte[] Data) Read(string path, string kind, string expectedMagic, string what)
    {
        if (!File.Exists(path))
        {
            throw new DatasetFormatException(path, "file is missing");
        }

        try
        {
            using var stream = OpenDecompressed(path);
            Span<byte> magic = stackalloc byte[4];
            var got = stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
            if (got < 4)
            {
                throw new DatasetFormatException(path, $"truncated header: {got} bytes, expected at least 4 for the magic number");
            }

            if (magic[0] != 0 || magic[1] != 0 || magic[2] != UnsignedByte || magic[3] is < 1 or > MaxDimensions)
            {
                throw new DatasetFormatException(path, MagicProblem(magic, kind, expectedMagic));
            }

            var sizes = ReadSizes(stream, path, magic[3]);
            long expected = 1;
            foreach (var size in sizes)
            {
                expected *= size;
            }

            if (expected > Array.MaxLength)
            {
                throw new DatasetFormatException(path, $"sizes {string.Join('x', sizes)} call for {expected} bytes, more than an array can hold");
            }

            var data = new byte[expected];
            var found = stream.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
            if (found < expected)
            {
                throw new DatasetFormatException(path,
                    $"truncated data: expected {expected} bytes of {what} data for sizes {string.Join('x', sizes)}, found {found}");
            }

            // A longer file usually means the sizes in the header are wrong, so the data would be misread.
            if (stream.ReadByte() >= 0)
            {
                throw new DatasetFormatException(path, $"trailing data after the {expected} bytes the sizes {string.Join('x', sizes)} call for");
            }

            return (sizes, data);
        }
        catch (InvalidDataException ex)
        {
            throw new DatasetFormatException(path, $"gzip data is corrupt: {ex.Message}", ex);
        }
    }

    private static string MagicProblem(ReadOnlySpan<byte> magic, string kind, string expectedMagic)
    {
        var found = $"0x{BinaryPrimitives.ReadUInt32BigEndian(magic):X8}";
        if (magic[0] != 0 || magic[1] != 0)
        {
            return $"wrong magic number {found}, expected {expectedMagic} for an IDX {kind} file: this is not an IDX file";
        }

        return magic[2] != UnsignedByte
            ? $"wrong magic number {found}, expected {expectedMagic}: element type 0x{magic[2]:X2} is not supported, only unsigned bytes (0x08)"
            : $"wrong magic number {found}, expected {expectedMagic}: {magic[3]} dimensions are not supported (1 to {MaxDimensions})";
    }

    private static int[] ReadSizes(Stream stream, string path, int dimensions)
    {
        Span<byte> header = stackalloc byte[4 * MaxDimensions];
        header = header[..(4 * dimensions)];
        var got = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        if (got < header.Length)
        {
            throw new DatasetFormatException(path,
                $"truncated header: {4 + got} bytes, expected {4 + header.Length} for {dimensions} dimension sizes");
        }

        var sizes = new int[dimensions];
        for (var d = 0; d < dimensions; d++)
        {
            sizes[d] = BinaryPrimitives.ReadInt32BigEndian(header[(4 * d)..]);
            if (sizes[d] < 0)
            {
                throw new DatasetFormatException(path, $"dimension {d} has a negative size {sizes[d]}");
            }
        }

        return sizes;
    }

    /// <summary>Opens the file, through gzip when it starts with the gzip signature (names are not trusted: MNIST
    /// mirrors serve both).</summary>
    private static Stream OpenDecompressed(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        Span<byte> signature = stackalloc byte[2];
        var got = file.ReadAtLeast(signature, 2, throwOnEndOfStream: false);
        file.Position = 0;
        return got == 2 && signature[0] == 0x1f && signature[1] == 0x8b
            ? new GZipStream(file, CompressionMode.Decompress)
            : file;
    }

    private static void Write(string path, byte[] data, int[] sizes)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(data);
        long expected = 1;
        foreach (var size in sizes)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(size);
            expected *= size;
        }

        if (data.LongLength != expected)
        {
            throw new ArgumentException($"{data.Length} bytes do not fill sizes {string.Join('x', sizes)} ({expected} bytes)", nameof(data));
        }

        var header = new byte[4 + (4 * sizes.Length)];
        header[2] = UnsignedByte;
        header[3] = (byte)sizes.Length;
        for (var d = 0; d < sizes.Length; d++)
        {
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + (4 * d)), sizes[d]);
        }

        // A reader never sees half a file: write beside it, then rename over it.
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

using System.IO.Compression;
using LatentDash.Models.Data;
using LatentDash.Models.Tests.Support;

namespace LatentDash.Models.Tests.Data;

public class IdxFileTests
{
    [Theory]
    [InlineData("images.idx")]
    [InlineData("images.idx.gz")]
    public void Images_and_labels_round_trip(string fileName)
    {
        using var temp = new TempDirectory();
        var pixels = Enumerable.Range(0, 3 * 4 * 5).Select(i => (byte)(i * 3)).ToArray();
        var path = Path.Combine(temp.Path, fileName);

        IdxFile.WriteImages(path, pixels, 3, 4, 5);
        IdxFile.WriteLabels(path + ".labels", [2, 0, 1]);

        var (count, channels, rows, columns, read) = IdxFile.ReadImages(path);
        Assert.Equal((3, 1, 4, 5), (count, channels, rows, columns));
        Assert.Equal(pixels, read);
        Assert.Equal([2, 0, 1], IdxFile.ReadLabels(path + ".labels"));
        Assert.Equal(fileName.EndsWith(".gz", StringComparison.Ordinal), File.ReadAllBytes(path)[0] == 0x1f);
    }

    [Fact]
    public void The_canonical_mnist_header_is_read()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "t10k-images-idx3-ubyte");
        byte[] header = [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 28, 0, 0, 0, 28];
        File.WriteAllBytes(path, [.. header, .. new byte[2 * 784]]);

        var (count, _, rows, columns, pixels) = IdxFile.ReadImages(path);

        Assert.Equal((2, 28, 28, 1568), (count, rows, columns, pixels.Length));
    }

    [Fact]
    public void Truncated_image_file_names_the_file_and_the_missing_bytes()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "train-images.idx");
        IdxFile.WriteImages(path, new byte[10 * 784], 10, 28, 28);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^100]);

        var error = Assert.Throws<DatasetFormatException>(() => IdxFile.ReadImages(path));

        Assert.Equal(path, error.FilePath);
        Assert.Contains("train-images.idx", error.Message, StringComparison.Ordinal);
        Assert.Contains("expected 7840 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("found 7740", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_header_is_reported()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "short.idx");
        File.WriteAllBytes(path, [0, 0, 8, 3, 0, 0]);

        var error = Assert.Throws<DatasetFormatException>(() => IdxFile.ReadImages(path));
        Assert.Contains("short.idx: truncated header", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_magic_number_says_what_was_found()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "picture.png");
        File.WriteAllBytes(path, [0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0]);

        var error = Assert.Throws<DatasetFormatException>(() => IdxFile.ReadLabels(path));
        Assert.Contains("picture.png: wrong magic number 0x89504E47", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Labels_read_as_images_are_refused_by_dimension_count()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "labels.idx");
        IdxFile.WriteLabels(path, [1, 2, 3]);

        var error = Assert.Throws<DatasetFormatException>(() => IdxFile.ReadImages(path));
        Assert.Contains("3 or 4 dimensions, found 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Corrupt_gzip_is_reported_with_the_file()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "broken.gz");
        using (var stream = new MemoryStream())
        {
            using (var gz = new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true))
            {
                gz.Write(new byte[1000]);
            }

            File.WriteAllBytes(path, stream.ToArray()[..20]);
        }

        var error = Assert.Throws<DatasetFormatException>(() => IdxFile.ReadLabels(path));
        Assert.Contains("broken.gz", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Images_with_channels_round_trip_as_four_dimensions()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "rgb.idx.gz");
        var pixels = Enumerable.Range(0, 2 * 3 * 4 * 5).Select(i => (byte)i).ToArray();

        IdxFile.WriteImages(path, pixels, 2, 3, 4, 5);

        var (count, channels, rows, columns, read) = IdxFile.ReadImages(path);
        Assert.Equal((2, 3, 4, 5), (count, channels, rows, columns));
        Assert.Equal(pixels, read);
    }

    [Theory]
    [InlineData("plain-named.gz", false)]
    [InlineData("gzipped-named.idx", true)]
    public void Gzip_is_detected_by_content_not_by_name(string fileName, bool gzip)
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, fileName);
        byte[] idx = [0, 0, 8, 1, 0, 0, 0, 3, 7, 8, 9];
        using (var buffer = new MemoryStream())
        {
            using (var gz = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            {
                gz.Write(idx);
            }

            File.WriteAllBytes(path, gzip ? buffer.ToArray() : idx);
        }

        Assert.Equal([7, 8, 9], IdxFile.ReadLabels(path));
    }

    [Fact]
    public void An_image_file_read_as_labels_says_which_magic_number_was_found_and_expected()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "train-images-idx3-ubyte");
        IdxFile.WriteImages(path, new byte[2 * 4], 2, 2, 2);

        var error = Assert.Throws<DatasetFormatException>(() => IdxFile.ReadLabels(path));

        Assert.Contains("train-images-idx3-ubyte: wrong magic number 0x00000803, expected 0x00000801", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unsupported_element_type_is_named()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "floats.idx");
        File.WriteAllBytes(path, [0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0]);

        var error = Assert.Throws<DatasetFormatException>(() => IdxFile.ReadLabels(path));

        Assert.Contains("floats.idx: wrong magic number 0x00000D01", error.Message, StringComparison.Ordinal);
        Assert.Contains("element type 0x0D is not supported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Trailing_data_after_the_declared_sizes_is_refused()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "labels.idx");
        File.WriteAllBytes(path, [0, 0, 8, 1, 0, 0, 0, 2, 1, 2, 3]);

        var error = Assert.Throws<DatasetFormatException>(() => IdxFile.ReadLabels(path));

        Assert.Contains("labels.idx: trailing data after the 2 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_dimension_sizes_are_a_truncated_header()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "cut.idx.gz");
        File.WriteAllBytes(path, [0, 0, 8, 3, 0, 0, 0, 10, 0, 0]);

        var error = Assert.Throws<DatasetFormatException>(() => IdxFile.ReadImages(path));

        Assert.Contains("cut.idx.gz: truncated header: 10 bytes, expected 16", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writing_leaves_no_temporary_file_beside_the_result()
    {
        using var temp = new TempDirectory();

        IdxFile.WriteLabels(Path.Combine(temp.Path, "labels.idx.gz"), [1, 2]);
        IdxFile.WriteLabels(Path.Combine(temp.Path, "labels.idx.gz"), [3]);

        Assert.Equal(["labels.idx.gz"], Directory.GetFiles(temp.Path).Select(Path.GetFileName));
        Assert.Equal([3], IdxFile.ReadLabels(Path.Combine(temp.Path, "labels.idx.gz")));
    }

    [Fact]
    public void Missing_file_is_named()
    {
        var error = Assert.Throws<DatasetFormatException>(() => IdxFile.ReadLabels("/nonexistent/labels.idx"));
        Assert.Equal("/nonexistent/labels.idx: file is missing", error.Message);
    }
}

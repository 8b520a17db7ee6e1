using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace LatentDash.Models.Latent;

/// <summary>A latent space as bytes, for the on-disk cache of encoded validation sets: a model opened a second time
/// reads its μ and log σ² (a few hundred KB) instead of encoding 10,000 images again.</summary>
/// <remarks>Layout: "LDLS" · version 1 · count · dimensions (int32, little-endian) · μ · log σ² (float32) · labels (bytes).</remarks>
public static class LatentSpaceFile
{
    private const int Version = 1;
    private static readonly byte[] Magic = "LDLS"u8.ToArray();

    public static byte[] Write(LatentSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        var floats = space.Mu.Length * sizeof(float);
        var bytes = new byte[16 + (2 * floats) + space.Count];
        Magic.CopyTo(bytes, 0);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), Version);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), space.Count);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(12), space.Dimensions);
        WriteFloats(space.Mu, bytes.AsSpan(16, floats));
        WriteFloats(space.LogVar, bytes.AsSpan(16 + floats, floats));
        space.Labels.CopyTo(bytes, 16 + (2 * floats));
        return bytes;
    }

    /// <summary>The space the bytes hold, or null when they are not one of <paramref name="dimensions"/> dimensions over
    /// exactly these <paramref name="labels"/> (another validation set, another model, a damaged file).</summary>
    public static LatentSpace? Read(ReadOnlySpan<byte> bytes, int dimensions, ReadOnlySpan<byte> labels, IReadOnlyList<string> classNames)
    {
        if (bytes.Length < 16 || !bytes[..4].SequenceEqual(Magic) ||
            BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]) != Version ||
            BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]) != labels.Length ||
            BinaryPrimitives.ReadInt32LittleEndian(bytes[12..]) != dimensions)
        {
            return null;
        }

        var floats = labels.Length * dimensions * sizeof(float);
        if (bytes.Length != 16 + (2 * floats) + labels.Length || !bytes[(16 + (2 * floats))..].SequenceEqual(labels))
        {
            return null;
        }

        var mu = ReadFloats(bytes.Slice(16, floats));
        var logVar = ReadFloats(bytes.Slice(16 + floats, floats));
        if (mu.Any(v => !float.IsFinite(v)) || logVar.Any(v => !float.IsFinite(v)))
        {
            return null;
        }

        return new LatentSpace(mu, logVar, labels.ToArray(), dimensions, classNames);
    }

    private static void WriteFloats(float[] values, Span<byte> target)
    {
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(values.AsSpan()).CopyTo(target);
            return;
        }

        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(target[(i * 4)..], values[i]);
        }
    }

    private static float[] ReadFloats(ReadOnlySpan<byte> source)
    {
        var values = new float[source.Length / sizeof(float)];
        if (BitConverter.IsLittleEndian)
        {
            source.CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
            return values;
        }

        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(i * 4)..]);
        }

        return values;
    }
}

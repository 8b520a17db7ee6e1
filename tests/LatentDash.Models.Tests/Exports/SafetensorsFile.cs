using System.Buffers.Binary;
using System.Text.Json;

namespace LatentDash.Models.Tests.Exports;

/// <summary>Reads a safetensors file as its format defines it, independently of the writer: an 8-byte little-endian
/// header length, a JSON header of {name: {dtype, shape, data_offsets}}, then the raw little-endian data.</summary>
internal sealed class SafetensorsFile
{
    private SafetensorsFile(Dictionary<string, (string DType, long[] Shape, long Begin, long End)> tensors, byte[] data)
    {
        Tensors = tensors;
        this.data = data;
    }

    private readonly byte[] data;

    public Dictionary<string, (string DType, long[] Shape, long Begin, long End)> Tensors { get; }

    public static SafetensorsFile Parse(byte[] bytes)
    {
        var headerLength = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(bytes));
        using var header = JsonDocument.Parse(bytes.AsMemory(8, headerLength));
        var tensors = new Dictionary<string, (string, long[], long, long)>(StringComparer.Ordinal);
        foreach (var property in header.RootElement.EnumerateObject())
        {
            if (property.Name == "__metadata__")
            {
                continue;
            }

            var offsets = property.Value.GetProperty("data_offsets");
            tensors[property.Name] = (
                property.Value.GetProperty("dtype").GetString()!,
                [.. property.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64())],
                offsets[0].GetInt64(),
                offsets[1].GetInt64());
        }

        return new SafetensorsFile(tensors, bytes[(8 + headerLength)..]);
    }

    public float[] Floats(string name)
    {
        var (dtype, _, begin, end) = Tensors[name];
        Assert.Equal("F32", dtype);
        var span = data.AsSpan((int)begin, (int)(end - begin));
        var values = new float[span.Length / 4];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(span[(i * 4)..]);
        }

        return values;
    }

    public int DataLength => data.Length;
}

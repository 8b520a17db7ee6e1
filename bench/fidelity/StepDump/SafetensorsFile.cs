using System.Text;
using System.Text.Json;
using static TorchSharp.torch;

namespace LatentDash.Fidelity;

/// <summary>Writes named tensors as a safetensors file (8-byte little-endian header length, JSON header, raw
/// little-endian data): float tensors as F32, integer ones as I64, so Python reads them with struct and numpy.</summary>
internal static class SafetensorsFile
{
    public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors)
    {
        var header = new Dictionary<string, object>();
        var blobs = new List<byte[]>();
        long offset = 0;
        foreach (var (name, tensor) in tensors.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            var contiguous = tensor.contiguous();
            byte[] bytes;
            string dtype;
            if (contiguous.dtype == ScalarType.Int64)
            {
                bytes = contiguous.data<long>().ToArray().SelectMany(BitConverter.GetBytes).ToArray();
                dtype = "I64";
            }
            else
            {
                var values = contiguous.to(ScalarType.Float32).data<float>().ToArray();
                bytes = new byte[values.Length * 4];
                Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
                dtype = "F32";
            }

            header[name] = new { dtype, shape = tensor.shape, data_offsets = new[] { offset, offset + bytes.Length } };
            blobs.Add(bytes);
            offset += bytes.Length;
        }

        var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
        using var file = File.Create(path);
        file.Write(BitConverter.GetBytes((long)json.Length));
        file.Write(json);
        foreach (var blob in blobs)
        {
            file.Write(blob);
        }
    }
}

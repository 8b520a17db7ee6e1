using System.Buffers.Binary;
using System.Text;

namespace LatentDash.LoadBench.Protocol;

/// <summary>Reads the binary render batch of Blazor Server (RenderBatchWriter in Microsoft.AspNetCore.Components.Server;
/// its reader is OutOfProcessRenderBatch.ts in blazor.web.js). Little-endian throughout. The data comes first and the
/// tables that locate it last: the final five int32 give the offsets of the updated components' table, the reference
/// frames, the disposed component ids, the disposed event handler ids and the string table. Every frame takes 20
/// bytes and every edit 16, so both index directly; strings are BinaryWriter's 7-bit-length-prefixed UTF-8.</summary>
internal static class RenderBatchReader
{
    private const int FrameLength = 20;
    private const int EditLength = 16;

    public static RenderBatch Read(ReadOnlySpan<byte> data)
    {
        if (data.Length < 20)
        {
            throw new FormatException($"a render batch of {data.Length} bytes is shorter than its trailer");
        }

        var end = data.Length;
        var updatedComponents = Int(data, end - 20);
        var referenceFrames = Int(data, end - 16);
        var disposedEventHandlers = Int(data, end - 8);
        var stringTable = Int(data, end - 4);

        // The string table's entries run from its offset to the trailer.
        var strings = new string?[(end - 20 - stringTable) / 4];
        for (var i = 0; i < strings.Length; i++)
        {
            strings[i] = ReadString(data, Int(data, stringTable + (4 * i)));
        }

        string? At(int index) => index == -1 ? null : strings[index];

        var frames = new RenderBatch.Frame[Int(data, referenceFrames)];
        for (var i = 0; i < frames.Length; i++)
        {
            var at = referenceFrames + 4 + (i * FrameLength);
            var type = (RenderBatch.FrameType)Int(data, at);
            frames[i] = type switch
            {
                RenderBatch.FrameType.Attribute => new(type, 0, At(Int(data, at + 4)), At(Int(data, at + 8)), BinaryPrimitives.ReadUInt64LittleEndian(data[(at + 12)..]), 0),
                RenderBatch.FrameType.Element => new(type, Int(data, at + 4), At(Int(data, at + 8)), null, 0, 0),
                RenderBatch.FrameType.Component => new(type, Int(data, at + 4), null, null, 0, Int(data, at + 8)),
                RenderBatch.FrameType.Region => new(type, Int(data, at + 4), null, null, 0, 0),
                RenderBatch.FrameType.Text or RenderBatch.FrameType.Markup => new(type, 0, At(Int(data, at + 4)), null, 0, 0),
                _ => new(type, 0, null, null, 0, 0),
            };
        }

        var diffs = new RenderBatch.Diff[Int(data, updatedComponents)];
        for (var i = 0; i < diffs.Length; i++)
        {
            var at = Int(data, updatedComponents + 4 + (4 * i));
            var edits = new RenderBatch.Edit[Int(data, at + 4)];
            for (var e = 0; e < edits.Length; e++)
            {
                var edit = at + 8 + (e * EditLength);
                edits[e] = new((RenderBatch.EditType)Int(data, edit), Int(data, edit + 4), Int(data, edit + 8), At(Int(data, edit + 12)));
            }

            diffs[i] = new(Int(data, at), edits);
        }

        var disposed = new ulong[Int(data, disposedEventHandlers)];
        for (var i = 0; i < disposed.Length; i++)
        {
            disposed[i] = BinaryPrimitives.ReadUInt64LittleEndian(data[(disposedEventHandlers + 4 + (8 * i))..]);
        }

        return new RenderBatch(diffs, frames, strings, disposed);
    }

    private static int Int(ReadOnlySpan<byte> data, int at) => BinaryPrimitives.ReadInt32LittleEndian(data[at..]);

    private static string ReadString(ReadOnlySpan<byte> data, int at)
    {
        // BinaryWriter.Write(string): the UTF-8 byte count as a 7-bit encoded int, then the bytes.
        var length = 0;
        var shift = 0;
        byte b;
        do
        {
            b = data[at++];
            length |= (b & 0x7F) << shift;
            shift += 7;
        }
        while ((b & 0x80) != 0);

        return Encoding.UTF8.GetString(data.Slice(at, length));
    }
}

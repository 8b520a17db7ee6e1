using LatentDash.Models.Networks;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace LatentDash.Models.Exports;

/// <summary>A model's weights as a safetensors file that PyTorch reads (safetensors.torch.load_file, then
/// load_state_dict): the whole state dict under our module names (encoder.trunk.conv1.weight,
/// decoder.layers.deconv1.weight, classifier.layers.dense1.weight…), parameters and BatchNorm running statistics as
/// F32, BatchNorm's num_batches_tracked as I64, as torch keeps them.</summary>
public static class SafetensorsExport
{
    /// <summary>The safetensors bytes of the model's state dict.</summary>
    /// <remarks>In memory first: the writer is synchronous, and a model here is a few megabytes.</remarks>
    public static byte[] ToBytes(VaeModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var scope = NewDisposeScope();
        using var buffer = new MemoryStream();
        model.save_safetensors(buffer, leaveOpen: true);
        return buffer.ToArray();
    }
}

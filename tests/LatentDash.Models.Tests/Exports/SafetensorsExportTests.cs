using LatentDash.Models.Exports;
using LatentDash.Models.Networks;
using LatentDash.Models.Tests.Support;
using LatentDash.Models.Training;
using static TorchSharp.torch;

namespace LatentDash.Models.Tests.Exports;

public class SafetensorsExportTests
{
    [Theory]
    [MemberData(nameof(Synthetic.ArchitectureNames), MemberType = typeof(Synthetic))]
    public void The_file_holds_every_tensor_of_the_state_dict_under_its_module_name(string architecture)
    {
        using var model = VaeTrainer.CreateModel(Synthetic.Config(architecture), seed: 4);

        var file = SafetensorsFile.Parse(SafetensorsExport.ToBytes(model));

        var state = model.state_dict();
        Assert.Equal(state.Keys.Order(StringComparer.Ordinal), file.Tensors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("encoder.trunk.conv1.weight", file.Tensors.Keys);
        Assert.Contains("encoder.latent.bias", file.Tensors.Keys);
        Assert.Contains("decoder.layers.deconv3.weight", file.Tensors.Keys);
        Assert.Contains("decoder.layers.bn2.running_var", file.Tensors.Keys);
        Assert.Equal(model.HasClassifier, file.Tensors.ContainsKey("classifier.layers.logits.weight"));
        Assert.Equal(file.Tensors.Values.Max(t => t.End), file.DataLength);
        foreach (var (name, tensor) in state)
        {
            var (dtype, shape, _, _) = file.Tensors[name];
            Assert.Equal(tensor.shape, shape);
            if (name.EndsWith("num_batches_tracked", StringComparison.Ordinal))
            {
                Assert.Equal("I64", dtype); // as torch keeps it; load_state_dict expects a long there
                continue;
            }

            Assert.Equal(tensor.data<float>().ToArray(), file.Floats(name));
        }
    }

    [Fact]
    public void The_latent_layer_is_two_z_wide_and_the_encoder_reads_the_conditional_vaes_label_planes()
    {
        using var model = VaeTrainer.CreateModel(Synthetic.Config(ConditionalVaeConfig.Name), seed: 4);

        var file = SafetensorsFile.Parse(SafetensorsExport.ToBytes(model));

        var config = model.Config;
        Assert.Equal<long>([2L * config.LatentDim, 64L * 6 * 6], file.Tensors["encoder.latent.weight"].Shape);
        Assert.Equal<long>([32, config.Channels + config.ClassCount, 3, 3], file.Tensors["encoder.trunk.conv1.weight"].Shape);
        using var scope = NewDisposeScope();
        Assert.Equal(ScalarType.Float32, model.state_dict()["encoder.latent.weight"].dtype);
    }
}

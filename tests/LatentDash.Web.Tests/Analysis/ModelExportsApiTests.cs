using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text.Json;
using LatentDash.Models.Data;
using LatentDash.Models.Experiments;
using LatentDash.Models.Latent;
using LatentDash.Models.Training;
using LatentDash.Web.Tests.Explorer;
using LatentDash.Web.Tests.Support;
using static TorchSharp.torch;

namespace LatentDash.Web.Tests.Analysis;

/// <summary>The model downloads over HTTP, checked against the model as the library loads it on its own.</summary>
[Collection(nameof(AppUsers))]
public sealed class ModelExportsApiTests
{
    [Fact]
    public async Task The_latents_csv_has_a_header_and_one_row_of_the_models_means_per_validation_image()
    {
        await using var factory = new AppFactory();
        ExplorerModels.Write(factory.Experiments);
        using var client = factory.CreateClient();

        var response = await client.GetAsync($"/api/models/{ExplorerModels.Run}/{ExplorerModels.Branched}/latents.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("latents.csv", response.Content.Headers.ContentDisposition?.ToString(), StringComparison.Ordinal);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("index,label,class,mu_1,mu_2,mu_3,log_var_1,log_var_2,log_var_3,pc_1,pc_2,pc_3", lines[0].TrimEnd('\r'));

        using var expected = LoadIndependently(Path.Combine(factory.Experiments, ExplorerModels.Run, ExplorerModels.Branched));
        var space = expected.Space;
        Assert.Equal(space.Count, lines.Length - 1);
        Assert.Equal(200, space.Count); // the fixture's validation split
        for (var i = 0; i < space.Count; i++)
        {
            var cells = lines[i + 1].TrimEnd('\r').Split(',');
            Assert.Equal(i.ToString(CultureInfo.InvariantCulture), cells[0]);
            Assert.Equal(space.Labels[i].ToString(CultureInfo.InvariantCulture), cells[1]);
            Assert.Equal(space.ClassNames[space.Labels[i]], cells[2]);
            for (var j = 0; j < 3; j++)
            {
                Assert.Equal(space.Mu[(i * 3) + j], float.Parse(cells[3 + j], CultureInfo.InvariantCulture), 1e-5f);
                Assert.Equal(space.LogVar[(i * 3) + j], float.Parse(cells[6 + j], CultureInfo.InvariantCulture), 1e-5f);
            }
        }
    }

    [Fact]
    public async Task The_weights_file_is_safetensors_of_every_tensor_under_our_module_names()
    {
        await using var factory = new AppFactory();
        ExplorerModels.Write(factory.Experiments);
        using var client = factory.CreateClient();

        var response = await client.GetAsync($"/api/models/{ExplorerModels.Run}/{ExplorerModels.Branched}/weights.safetensors");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var headerLength = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(bytes));
        using var header = JsonDocument.Parse(bytes.AsMemory(8, headerLength));
        var data = bytes.AsSpan(8 + headerLength);
        using var model = new ExperimentStore(factory.Experiments).LoadModel(ExplorerModels.Run, ExplorerModels.Branched);
        using var scope = NewDisposeScope();
        var state = model.state_dict();
        var names = header.RootElement.EnumerateObject().Select(p => p.Name).Where(n => n != "__metadata__").Order(StringComparer.Ordinal);
        Assert.Equal(state.Keys.Order(StringComparer.Ordinal), names);
        Assert.Contains("classifier.layers.dense1.weight", state.Keys);
        foreach (var (name, tensor) in state)
        {
            var entry = header.RootElement.GetProperty(name);
            Assert.Equal(tensor.shape, entry.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
            if (name.EndsWith("num_batches_tracked", StringComparison.Ordinal))
            {
                Assert.Equal("I64", entry.GetProperty("dtype").GetString());
                continue;
            }

            Assert.Equal("F32", entry.GetProperty("dtype").GetString());
            var begin = entry.GetProperty("data_offsets")[0].GetInt32();
            var end = entry.GetProperty("data_offsets")[1].GetInt32();
            var values = new float[(end - begin) / 4];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(data[(begin + (i * 4))..]);
            }

            Assert.Equal(tensor.data<float>().ToArray(), values);
        }
    }

    [Theory]
    [InlineData("latents.csv")]
    [InlineData("weights.safetensors")]
    public async Task An_unknown_model_is_404_and_a_bad_name_400_as_problem_json(string file)
    {
        await using var factory = new AppFactory();
        ExplorerModels.Write(factory.Experiments);
        using var client = factory.CreateClient();

        var missing = await client.GetAsync($"/api/models/{ExplorerModels.Run}/nope/{file}");
        var bad = await client.GetAsync($"/api/models/{ExplorerModels.Run}/a%20b/{file}");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Contains("e/nope is not in the index", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync());
        Assert.Contains("model 'a b' is not allowed", problem.RootElement.GetProperty("errors").GetProperty("model")[0].GetString(), StringComparison.Ordinal);
    }

    private static ExplorableModel LoadIndependently(string directory)
    {
        var (manifest, validation) = new DatasetCatalog(ExplorerModels.DataRoot).LoadValidation("fashion");
        return ExplorableModel.Load(directory, ImageTensors.From(validation), manifest.ClassNames);
    }
}

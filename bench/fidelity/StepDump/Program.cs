using System.Globalization;
using LatentDash.Fidelity;
using LatentDash.Models.Data;
using LatentDash.Models.Exports;
using LatentDash.Models.Networks;
using LatentDash.Models.Training;
using static TorchSharp.torch;

// Step-level dump of our trainer for the PyTorch comparison (bench/fidelity/compare.py): a freshly initialised model
// (the trainer's own init, VaeTrainer.CreateModel), fixed batches of real fixture images, fixed ε per step, and our
// real forward, loss, backward and FlatAdam step, exactly as VaeTrainer.TrainEpoch runs them.
// Usage: StepDump <out-dir> [architecture=branched] [steps=20] [seed=1333] [data=tests/fixtures/data/fashion]
// Or: StepDump train <architecture> <epochs> <seed> [data]: the real VaeTrainer.Train (no early stopping) on the data's
// train split, printing the validation losses per epoch as CSV, to set beside train.py's whole PyTorch trainings.
if (args.Length > 0 && args[0] == "train")
{
    Whole.Train(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), long.Parse(args[3], CultureInfo.InvariantCulture),
        args.Length > 4 ? args[4] : "tests/fixtures/data/fashion");
    return;
}

var output = args.Length > 0 ? args[0] : "bench/fidelity/out";
var architecture = args.Length > 1 ? args[1] : "branched";
var steps = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
var seed = args.Length > 3 ? long.Parse(args[3], CultureInfo.InvariantCulture) : 1333;
var data = args.Length > 4 ? args[4] : "tests/fixtures/data/fashion";
const int BatchSize = 32;
Directory.CreateDirectory(output);

var (count, channels, rows, columns, pixels) = IdxFile.ReadImages(Path.Combine(data, "train-images-idx3-ubyte.gz"));
var labelBytes = IdxFile.ReadLabels(Path.Combine(data, "train-labels-idx1-ubyte.gz"));
using var train = ImageTensors.Create(pixels, labelBytes, channels, rows, columns);
var config = Architectures.CreateConfig(architecture, new VaeHyperparameters("fashion", 10, 4));
using var model = VaeTrainer.CreateModel(config, seed);
SafetensorsFile.Write(Path.Combine(output, "init.safetensors"), StateOf(model, withGradients: false));
// The dashboard's own export of the same weights (TorchSharp.PyBridge), for running the README's snippet as written.
File.WriteAllBytes(Path.Combine(output, "export.safetensors"), SafetensorsExport.ToBytes(model));
File.WriteAllText(Path.Combine(output, "params.json"),
    $"{{\"vae\": {{\"architecture\": \"{config.Architecture}\", \"latent_dim\": {config.LatentDim}, \"beta\": 4, \"class_count\": 10}}}}");

// The trainer's optimizer, as VaeTrainer.Train builds it.
using var optimizer = new FlatAdam(model.parameters(), 1e-4, epsilon: 1e-7);
model.train();
var losses = new List<string> { "step,total,reconstruction,kl,class" };
for (var step = 1; step <= steps; step++)
{
    using var scope = NewDisposeScope();
    // Batches in file order (step k takes images 32(k−1)…32k−1, wrapping), so Python cuts the same ones.
    var start = (step - 1) * BatchSize % (count - BatchSize + 1);
    var images = train.Images.narrow(0, start, BatchSize);
    var labels = train.Labels.narrow(0, start, BatchSize);
    // ε: Forward draws randn(μ's shape) from the generator it is given; a twin generator draws the same ε to dump.
    var epsilon = randn([BatchSize, config.LatentDim], generator: new Generator((ulong)(seed + step)));
    optimizer.ZeroGrad();
    var forward = model.Forward(images, labels, new Generator((ulong)(seed + step)));
    var loss = model.Loss(forward, images, labels);
    loss.Total.backward();
    var dump = StateOf(model, withGradients: true);
    dump["in.images"] = images;
    dump["in.labels"] = labels.to(ScalarType.Float32);
    dump["in.epsilon"] = epsilon;
    dump["out.mu"] = forward.Mu.detach();
    dump["out.log_var"] = forward.LogVar.detach();
    dump["out.z"] = forward.Z.detach();
    dump["out.reconstruction"] = forward.Reconstruction.detach();
    if (forward.ClassLogits is not null)
    {
        dump["out.logits"] = forward.ClassLogits.detach();
    }

    dump["loss.total"] = loss.Total.detach().reshape(1);
    dump["loss.reconstruction"] = loss.Reconstruction.detach().reshape(1);
    dump["loss.kl"] = loss.Kl.detach().reshape(1);
    if (loss.Class is not null)
    {
        dump["loss.class"] = loss.Class.detach().reshape(1);
    }

    optimizer.Step();
    // Parameters and BatchNorm running statistics after the step (the gradients above are from before it).
    foreach (var (name, tensor) in StateOf(model, withGradients: false))
    {
        dump["after." + name] = tensor;
    }

    SafetensorsFile.Write(Path.Combine(output, $"step{step:D3}.safetensors"), dump);
    losses.Add(string.Join(',', step, loss.Total.item<float>(), loss.Reconstruction.item<float>(), loss.Kl.item<float>(),
        loss.Class is null ? "" : loss.Class.item<float>().ToString(CultureInfo.InvariantCulture)));
}

File.WriteAllLines(Path.Combine(output, "losses.csv"), losses);
Console.WriteLine($"{architecture}: wrote init + {steps} steps to {output}");

static Dictionary<string, Tensor> StateOf(VaeModel model, bool withGradients)
{
    var state = new Dictionary<string, Tensor>();
    foreach (var (name, tensor) in model.state_dict())
    {
        state["param." + name] = tensor.detach().clone();
    }

    if (withGradients)
    {
        foreach (var (name, parameter) in model.named_parameters())
        {
            state["grad." + name] = parameter.grad!.detach().clone();
        }
    }

    return state;
}

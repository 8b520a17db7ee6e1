using System.Globalization;
using LatentDash.Models.Data;
using LatentDash.Models.Networks;
using LatentDash.Models.Training;

namespace LatentDash.Fidelity;

/// <summary>A whole training with our trainer, as the training job runs it (less early stopping), printed as CSV.</summary>
internal static class Whole
{
    public static void Train(string architecture, int epochs, long seed, string data)
    {
        using var train = Load(data, "train");
        using var validation = Load(data, "val");
        var config = Architectures.CreateConfig(architecture, new VaeHyperparameters("fashion", 10, 4));
        using var model = VaeTrainer.CreateModel(config, seed);
        var options = new TrainingOptions { Epochs = epochs, Seed = seed, EarlyStopping = false };
        var result = new VaeTrainer().Train(model, train, validation, options);
        foreach (var epoch in result.History)
        {
            var v = epoch.Validation;
            Console.WriteLine(string.Join(',', "ours", architecture, seed, epoch.Epoch,
                v.Reconstruction.ToString("F4", CultureInfo.InvariantCulture), v.Kl.ToString("F4", CultureInfo.InvariantCulture),
                (v.ClassLoss ?? double.NaN).ToString("F4", CultureInfo.InvariantCulture)));
        }
    }

    private static ImageTensors Load(string data, string split)
    {
        var (_, channels, rows, columns, pixels) = IdxFile.ReadImages(Path.Combine(data, $"{split}-images-idx3-ubyte.gz"));
        var labels = IdxFile.ReadLabels(Path.Combine(data, $"{split}-labels-idx1-ubyte.gz"));
        return ImageTensors.Create(pixels, labels, channels, rows, columns);
    }
}

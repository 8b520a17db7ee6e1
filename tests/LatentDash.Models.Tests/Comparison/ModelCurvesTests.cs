using LatentDash.Models.Comparison;
using LatentDash.Models.Data;
using LatentDash.Models.Experiments;
using LatentDash.Models.Networks;
using LatentDash.Models.Tests.Support;
using LatentDash.Models.Training;

namespace LatentDash.Models.Tests.Comparison;

public class ModelCurvesTests
{
    [Fact]
    public void Curves_read_back_from_the_trainers_history_json_equal_its_epochs()
    {
        using var temp = new TempDirectory();
        var store = new ExperimentStore(temp.Path);
        var result = TrainOnFixture(store, BranchedVaeConfig.Name, "branched", epochs: 3);

        var curves = ModelCurves.Read(store, "r", "branched");

        Assert.Equal(3, result.History.Count);
        Assert.Equal<int>([1, 2, 3], curves.Curve(CurveQuantity.Kl, CurveSplit.Validation).Epochs);
        Assert.Equal(result.History.Select(h => h.Train.Reconstruction), curves.Curve(CurveQuantity.Reconstruction, CurveSplit.Train).Values);
        Assert.Equal(result.History.Select(h => h.Validation.Reconstruction), curves.Curve(CurveQuantity.Reconstruction, CurveSplit.Validation).Values);
        Assert.Equal(result.History.Select(h => h.Train.Kl), curves.Curve(CurveQuantity.Kl, CurveSplit.Train).Values);
        Assert.Equal(result.History.Select(h => h.Validation.Loss), curves.Curve(CurveQuantity.Loss, CurveSplit.Validation).Values);
        Assert.Equal(result.History.Select(h => h.Validation.ClassLoss!.Value), curves.Curve(CurveQuantity.ClassLoss, CurveSplit.Validation).Values);
        Assert.Equal(result.History.Select(h => h.Validation.Accuracy!.Value), curves.Curve(CurveQuantity.Accuracy, CurveSplit.Validation).Values);
        Assert.Equal(result.History.Select(h => h.LearningRate), curves.Curve(CurveQuantity.LearningRate, CurveSplit.Train).Values);
        Assert.All(curves.Curve(CurveQuantity.Accuracy, CurveSplit.Train).Values, a => Assert.InRange(a, 0, 1));
    }

    [Fact]
    public void A_model_without_a_classifier_has_empty_class_curves_and_one_learning_rate_curve()
    {
        using var temp = new TempDirectory();
        var store = new ExperimentStore(temp.Path);
        TrainOnFixture(store, BetaVaeConfig.Name, "plain", epochs: 1);

        var curves = ModelCurves.Read(store, "r", "plain");

        Assert.Empty(curves.Curve(CurveQuantity.ClassLoss, CurveSplit.Train).Values);
        Assert.Empty(curves.Curve(CurveQuantity.Accuracy, CurveSplit.Validation).Values);
        Assert.Single(curves.Curve(CurveQuantity.Kl, CurveSplit.Validation).Values);
        Assert.Empty(curves.Curve(CurveQuantity.LearningRate, CurveSplit.Validation).Values);
        Assert.Equal<CurveSplit>([CurveSplit.Train], ModelCurves.SplitsOf(CurveQuantity.LearningRate));
    }

    [Fact]
    public void A_missing_or_corrupt_history_is_an_error_that_names_the_file()
    {
        using var temp = new TempDirectory();
        var store = new ExperimentStore(temp.Path);
        TrainOnFixture(store, BetaVaeConfig.Name, "plain", epochs: 1);
        var history = Path.Combine(store.ModelDirectory("r", "plain"), ExperimentFolder.HistoryFile);
        File.WriteAllText(history, "[null]");

        var corrupt = Assert.Throws<InvalidDataException>(() => ModelCurves.Read(store, "r", "plain"));
        File.Delete(history);
        var missing = Assert.Throws<InvalidDataException>(() => ModelCurves.Read(store, "r", "plain"));

        Assert.Contains("history.json", corrupt.Message, StringComparison.Ordinal);
        Assert.Contains("history.json is missing", missing.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ModelCurves.Read(store, "..", "plain"));
    }

    private static TrainingResult TrainOnFixture(ExperimentStore store, string architecture, string name, int epochs)
    {
        var dataset = new DatasetCatalog(Fixtures.DataRoot).Load("fashion");
        using var all = ImageTensors.From(dataset.Train);
        using var train = all.Take(64);
        var config = Architectures.CreateConfig(architecture, new VaeHyperparameters("fashion", 2, 4));
        var options = new TrainingOptions { Epochs = epochs, BatchSize = 32, Seed = 7, EarlyStopping = false };
        using var model = VaeTrainer.CreateModel(config, options.Seed);
        var result = new VaeTrainer().Train(model, train, train, options);
        store.Write(new ExperimentParams { Run = "r", Model = name, Vae = config, Training = options, Created = DateTimeOffset.UtcNow }, model, result);
        return result;
    }
}

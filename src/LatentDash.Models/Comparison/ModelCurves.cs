using LatentDash.Models.Experiments;
using LatentDash.Models.Training;

namespace LatentDash.Models.Comparison;

/// <summary>The per-epoch history of one model (its history.json, the same for models trained by the dashboard and by
/// the CLI), read as curves: train and validation reconstruction, KL, class loss, accuracy, total loss, and the
/// learning rate in force.</summary>
public sealed class ModelCurves
{
    public ModelCurves(string run, string model, IReadOnlyList<EpochMetrics> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        Run = run;
        Model = model;
        History = history;
    }

    public string Run { get; }

    public string Model { get; }

    public IReadOnlyList<EpochMetrics> History { get; }

    /// <summary>Reads history.json of run/model; names follow the naming rule and resolve under the store's root.</summary>
    /// <exception cref="InvalidDataException">history.json is missing, unreadable or holds a null epoch.</exception>
    public static ModelCurves Read(ExperimentStore store, string run, string model)
    {
        ArgumentNullException.ThrowIfNull(store);
        return new ModelCurves(run, model, ExperimentFolder.ReadHistory(store.ModelDirectory(run, model)));
    }

    /// <summary>The splits a quantity has: the learning rate is one value per epoch, the losses have two.</summary>
    public static IReadOnlyList<CurveSplit> SplitsOf(CurveQuantity quantity) =>
        quantity == CurveQuantity.LearningRate ? [CurveSplit.Train] : [CurveSplit.Train, CurveSplit.Validation];

    /// <summary>The curve of one quantity on one split; epochs without a value (a model with no classifier has no
    /// class loss or accuracy) are left out, so such a model gives an empty curve.</summary>
    public TrainingCurve Curve(CurveQuantity quantity, CurveSplit split)
    {
        var epochs = new List<int>();
        var values = new List<double>();
        foreach (var epoch in History)
        {
            if (Value(epoch, quantity, split) is { } value && double.IsFinite(value))
            {
                epochs.Add(epoch.Epoch);
                values.Add(value);
            }
        }

        return new TrainingCurve(Run, Model, quantity, split, epochs, values);
    }

    private static double? Value(EpochMetrics epoch, CurveQuantity quantity, CurveSplit split)
    {
        if (quantity == CurveQuantity.LearningRate)
        {
            return split == CurveSplit.Train ? epoch.LearningRate : null;
        }

        var losses = split == CurveSplit.Train ? epoch.Train : epoch.Validation;
        return quantity switch
        {
            CurveQuantity.Loss => losses.Loss,
            CurveQuantity.Reconstruction => losses.Reconstruction,
            CurveQuantity.Kl => losses.Kl,
            CurveQuantity.ClassLoss => losses.ClassLoss,
            CurveQuantity.Accuracy => losses.Accuracy,
            _ => throw new ArgumentOutOfRangeException(nameof(quantity), quantity, null),
        };
    }
}

namespace LatentDash.Models.Comparison;

/// <summary>Every column the run comparison can show, sort by or chart, in table order. The structure metrics' meanings
/// are those of the explorer's model panel.</summary>
public static class ComparisonColumns
{
    public static readonly ComparisonColumn Run = new() { Key = "run", Title = "run", Kind = ComparisonColumnKind.Identity, Text = e => e.Run };

    public static readonly ComparisonColumn Model = new() { Key = "model", Title = "model", Kind = ComparisonColumnKind.Identity, Text = e => e.Model };

    public static readonly ComparisonColumn Architecture = new()
    {
        Key = "architecture", Title = "architecture", Kind = ComparisonColumnKind.Identity, Text = e => e.Architecture,
    };

    public static readonly ComparisonColumn Beta = Hyper("beta", "β", e => e.Beta, "0.###");

    public static readonly ComparisonColumn LatentDim = Hyper("latent_dim", "latent dim", e => e.LatentDim, "0");

    public static readonly ComparisonColumn ValidationLoss = Final("val_loss", "val loss", e => e.ValidationLoss, "F2", false,
        "Validation loss: reconstruction + β·KL (+ the class loss for the branched model), per image.");

    /// <summary>Every column, in the table's order.</summary>
    public static IReadOnlyList<ComparisonColumn> All { get; } =
    [
        Run,
        Model,
        Architecture,
        Beta,
        LatentDim,
        Hyper("learning_rate", "learning rate", e => e.LearningRate, "G3"),
        Hyper("batch_size", "batch", e => e.BatchSize, "0"),
        Hyper("seed", "seed", e => e.Seed, "0"),
        Hyper("epochs", "epochs run", e => e.EpochsRun, "0"),
        Final("train_loss", "train loss", e => e.TrainLoss, "F2", false, "Training loss of the last epoch, per image."),
        ValidationLoss,
        Final("val_rec", "val reconstruction", e => e.ValidationReconstruction, "F2", false, "1000 × mean squared error per validation image."),
        Final("val_kl", "val KL", e => e.ValidationKl, "F2", false, "KL divergence of the posterior to the prior, nats per validation image."),
        Final("val_class", "val class loss", e => e.ValidationClassLoss, "F3", false, "Cross-entropy of the classifier branch on the validation images."),
        Final("val_acc", "val accuracy", e => e.ValidationAccuracy, "P1", true, "Accuracy of the classifier branch on the validation images."),
        Structure("psnr", "PSNR", e => e.PsnrOfMean, "F2", true,
            "How close the decode of each validation image's mean is to the image (dB): higher is sharper."),
        Structure("neg_elbo", "−ELBO at β 1", e => e.NegativeElbo, "F1", false,
            "The negative evidence lower bound per image with β = 1, so models of any β compare: lower is better."),
        Structure("active_units", "active units", e => e.ActiveUnits, "0", null,
            "Latent dimensions whose mean varies over the data by more than 0.01: the ones that carry information."),
        Structure("linear_probe", "linear probe", e => e.LinearProbeAccuracy, "P1", true,
            "Accuracy of a logistic regression from the latent means to the class."),
        Structure("knn_acc", "5-NN accuracy", e => e.NearestNeighbourAccuracy, "P1", true,
            "Accuracy of a vote among the 5 nearest training means."),
        Structure("silhouette", "silhouette", e => e.Silhouette, "F3", true,
            "How far apart the classes sit in latent space, from −1 (mixed) to 1 (apart)."),
        Structure("mig", "MIG (class)", e => e.Mig, "F3", true,
            "Mutual information gap: near 1 when one dimension alone carries the class."),
    ];

    /// <summary>The numeric columns that describe a model's result (final and structure metrics): what the β × latent
    /// dim chart can show.</summary>
    public static IReadOnlyList<ComparisonColumn> Metrics { get; } =
        [.. All.Where(c => c.Kind is ComparisonColumnKind.FinalMetric or ComparisonColumnKind.StructureMetric)];

    /// <summary>The column of a key (case-sensitive, as URLs write them), or null.</summary>
    public static ComparisonColumn? Find(string? key) => All.FirstOrDefault(c => c.Key == key);

    private static ComparisonColumn Hyper(string key, string title, Func<Experiments.ExperimentEntry, double?> value, string format) =>
        new() { Key = key, Title = title, Kind = ComparisonColumnKind.Hyperparameter, Number = value, Format = format };

    private static ComparisonColumn Final(
        string key, string title, Func<Experiments.ExperimentEntry, double?> value, string format, bool? higherIsBetter, string meaning) =>
        new()
        {
            Key = key, Title = title, Kind = ComparisonColumnKind.FinalMetric, Number = value, Format = format,
            HigherIsBetter = higherIsBetter, Meaning = meaning,
        };

    private static ComparisonColumn Structure(
        string key, string title, Func<Experiments.ExperimentEntry, double?> value, string format, bool? higherIsBetter, string meaning) =>
        new()
        {
            Key = key, Title = title, Kind = ComparisonColumnKind.StructureMetric, Number = value, Format = format,
            HigherIsBetter = higherIsBetter, Meaning = meaning,
        };
}

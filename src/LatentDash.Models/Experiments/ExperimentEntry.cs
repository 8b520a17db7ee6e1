namespace LatentDash.Models.Experiments;

/// <summary>One model as the index knows it: identity, every hyperparameter, final metrics, status and folder.</summary>
/// <remarks>LiteDB stores "" as null (its mapper's EmptyStringToNull): the text properties turn null back into "", so a
/// broken entry (no architecture, no dataset) reads back as it was written.</remarks>
public sealed class ExperimentEntry
{
    /// <summary>The version of what an entry holds: an entry written by an older LatentDash (a smaller number, 0 before
    /// versions) is read again from its folder at the next synchronisation even when the folder has not changed.</summary>
    /// <remarks>2: the dataset's split and source, the class-loss weight. 3: the torch threads it trained on.</remarks>
    public const int CurrentVersion = 3;

    public int Version { get; set; }

    /// <summary>"run/model".</summary>
    public string Id { get; set => field = value ?? ""; } = "";

    public string Run { get; set => field = value ?? ""; } = "";

    public string Model { get; set => field = value ?? ""; } = "";

    public string Architecture { get; set => field = value ?? ""; } = "";

    public string Dataset { get; set => field = value ?? ""; } = "";

    /// <summary>The dataset's split when the model was trained (<see cref="Data.DatasetSplits"/>: "official", "seeded"), as
    /// params.json records it or, for a model trained before it did, as inferred ("seeded" for a built-in dataset);
    /// "" when unknown.</summary>
    public string DatasetSplit { get; set => field = value ?? ""; } = "";

    /// <summary>Where the dataset's images came from when the model was trained; "" when unknown.</summary>
    public string DatasetSource { get; set => field = value ?? ""; } = "";

    /// <summary>The branched VAE's weight of its classifier's cross-entropy; null for the other architectures.</summary>
    public double? ClassLossWeight { get; set; }

    /// <summary>The torch threads its training ran on (<see cref="ExperimentParams.TorchThreads"/>); null when not
    /// recorded.</summary>
    public int? TorchThreads { get; set; }

    public int LatentDim { get; set; }

    public double Beta { get; set; }

    public long Seed { get; set; }

    public int Epochs { get; set; }

    public int BatchSize { get; set; }

    public double LearningRate { get; set; }

    /// <summary>Every hyperparameter by its params.json name (latent_dim, beta, batch_size…), as text.</summary>
    public Dictionary<string, string> Hyperparameters { get; set; } = [];

    public ExperimentStatus Status { get; set; }

    /// <summary>Why the folder could not be read, when <see cref="Status"/> is Broken.</summary>
    public string? Error { get; set; }

    public DateTime Created { get; set; }

    public string Path { get; set => field = value ?? ""; } = "";

    public int EpochsRun { get; set; }

    public double? TrainLoss { get; set; }

    public double? ValidationLoss { get; set; }

    public double? ValidationReconstruction { get; set; }

    public double? ValidationKl { get; set; }

    public double? ValidationClassLoss { get; set; }

    public double? ValidationAccuracy { get; set; }

    /// <summary>The version of the structure metrics below; null until the model is analysed.</summary>
    public int? MetricsVersion { get; set; }

    public double? PsnrOfMean { get; set; }

    /// <summary>Negative ELBO in nats per image at β = 1.</summary>
    public double? NegativeElbo { get; set; }

    public int? ActiveUnits { get; set; }

    public double? LinearProbeAccuracy { get; set; }

    public double? NearestNeighbourAccuracy { get; set; }

    public double? Silhouette { get; set; }

    public int? SilhouetteSample { get; set; }

    public double? Mig { get; set; }

    public int? MigBins { get; set; }

    /// <summary>Last write time (UTC ticks) of the folder's summary and params when indexed: a change means stale.</summary>
    public long Stamp { get; set; }
}

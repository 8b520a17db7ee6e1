using LatentDash.Models.Networks;
using LatentDash.Models.Training;

namespace LatentDash.Models.Experiments;

/// <summary>Everything that defines one trained model: where it lives, its network config and how it was trained.
/// Stored as params.json (and params.txt for people) in the model's folder.</summary>
public sealed record ExperimentParams
{
    public required string Run { get; init; }

    public required string Model { get; init; }

    public required VaeConfig Vae { get; init; }

    public required TrainingOptions Training { get; init; }

    public required DateTimeOffset Created { get; init; }

    /// <summary>Where the dataset's images came from when the model was trained (its manifest's source); null in a
    /// model trained before this was recorded.</summary>
    public string? DatasetSource { get; init; }

    /// <summary>The dataset's split when the model was trained (<see cref="Data.DatasetSplits"/>); null in a model
    /// trained before this was recorded (see <see cref="DatasetSplitOrInferred"/>).</summary>
    public string? DatasetSplit { get; init; }

    /// <summary>The torch threads its training ran on; null in a model trained before this was recorded. Threads split
    /// the kernels' sums, so the same seed gives the same history on the same thread count (a lone training in the
    /// dashboard runs on <c>Queue:TrainingThreads</c>, trainings of a sweep at once on a share of them).</summary>
    public int? TorchThreads { get; init; }

    /// <summary>The recorded split; for an older model on a built-in dataset, the npm pool's seeded split, the only one
    /// LatentDash had before it recorded splits.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? DatasetSplitOrInferred => DatasetSplit ?? Data.DatasetSplits.Inferred(Vae.Dataset);

    /// <summary>The flat hyperparameters, as queries name them (architecture, dataset, latent_dim, beta, epochs…).</summary>
    public IReadOnlyDictionary<string, string> Flatten()
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        AddObject(result, System.Text.Json.JsonSerializer.SerializeToElement(Vae, ExperimentJson.Options));
        AddObject(result, System.Text.Json.JsonSerializer.SerializeToElement(Training, ExperimentJson.Options));
        return result;
    }

    private static void AddObject(SortedDictionary<string, string> result, System.Text.Json.JsonElement element)
    {
        foreach (var property in element.EnumerateObject())
        {
            result[property.Name] = property.Value.ValueKind == System.Text.Json.JsonValueKind.String
                ? property.Value.GetString()!
                : property.Value.GetRawText();
        }
    }
}

using LatentDash.Models.Experiments;

namespace LatentDash.Web.Analysis;

/// <summary>The dataset → run → model a view shows, resolved against the index the way the explorer does it: what the
/// URL leaves open becomes the first of the index; a model the index does not hold becomes a message and the first model.</summary>
public sealed record ModelChoice(string? Dataset, string? Run, string? Model)
{
    public static ModelChoice Resolve(
        string? dataset, string? run, string? model, IReadOnlyList<ExperimentEntry> entries, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(problems);
        if (entries.Count == 0)
        {
            return new ModelChoice(dataset, run, model);
        }

        if (model is not null && entries.FirstOrDefault(e => e.Run == run && e.Model == model) is { } named)
        {
            return new ModelChoice(named.Dataset, run, model);
        }

        if (model is not null || (run is not null && entries.All(e => e.Run != run)))
        {
            problems.Add($"model '{run}/{model}' is not in the index; showing the first model instead");
            (dataset, run) = (null, null);
        }

        var d = dataset is not null && entries.Any(e => e.Dataset == dataset) ? dataset : entries.Select(e => e.Dataset).Order(StringComparer.Ordinal).First();
        var r = run is not null && entries.Any(e => e.Dataset == d && e.Run == run)
            ? run
            : entries.Where(e => e.Dataset == d).Select(e => e.Run).Order(StringComparer.Ordinal).First();
        var m = entries.Where(e => e.Dataset == d && e.Run == r).Select(e => e.Model).Order(StringComparer.Ordinal).First();
        return new ModelChoice(d, r, m);
    }

    /// <summary>The entry of the chosen model, if the index holds it.</summary>
    public ExperimentEntry? EntryIn(IReadOnlyList<ExperimentEntry> entries) =>
        entries.FirstOrDefault(e => e.Run == Run && e.Model == Model);
}

using LatentDash.Models.Experiments;

namespace LatentDash.Models.Comparison;

/// <summary>The run comparison's computations on indexed models: filter (as the CLI's `list key=value`), sort by any
/// column, and pivot a metric over β × latent dim per architecture. Pure functions of the entries.</summary>
public static class ModelComparison
{
    /// <summary>The entries the query matches, in their given order.</summary>
    public static IReadOnlyList<ExperimentEntry> Filter(IEnumerable<ExperimentEntry> entries, ExperimentQuery query)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(query);
        return [.. entries.Where(query.Matches)];
    }

    /// <summary>The entries ordered by a column: numbers by value, text ordinally; models without the value come last in
    /// either direction, and ties keep run/model order so the table never shuffles.</summary>
    public static IReadOnlyList<ExperimentEntry> Sort(IEnumerable<ExperimentEntry> entries, ComparisonColumn column, bool descending)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(column);
        var list = entries.ToList();
        IOrderedEnumerable<ExperimentEntry> ordered;
        if (column.Text is { } text)
        {
            ordered = descending
                ? list.OrderByDescending(text, StringComparer.Ordinal)
                : list.OrderBy(text, StringComparer.Ordinal);
        }
        else
        {
            var present = list.OrderBy(e => column.Number(e) is { } v && !double.IsNaN(v) ? 0 : 1);
            ordered = descending
                ? present.ThenByDescending(e => column.Number(e) ?? 0)
                : present.ThenBy(e => column.Number(e) ?? 0);
        }

        return [.. ordered.ThenBy(e => e.Run, StringComparer.Ordinal).ThenBy(e => e.Model, StringComparer.Ordinal)];
    }

    /// <summary>The columns worth a column for these entries: the model, its architecture, β and latent dim always; a
    /// hyperparameter (or the run) only where the models differ, else it is <see cref="ComparisonLayout.Shared"/>; a
    /// metric where at least one model has it. A column no model has a value for is left out.</summary>
    public static ComparisonLayout Layout(IReadOnlyList<ExperimentEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var shown = new List<ComparisonColumn>();
        var shared = new List<ComparisonColumn>();
        foreach (var column in ComparisonColumns.All)
        {
            if (column == ComparisonColumns.Model || column == ComparisonColumns.Architecture
                || column == ComparisonColumns.Beta || column == ComparisonColumns.LatentDim)
            {
                shown.Add(column);
                continue;
            }

            var values = entries.Select(e => column.Text is { } text ? text(e) : (object?)column.Number(e)).ToList();
            if (values.All(v => v is null or ""))
            {
                continue;
            }

            var constant = values.Distinct().Count() == 1;
            if (constant && column.Kind is ComparisonColumnKind.Identity or ComparisonColumnKind.Hyperparameter)
            {
                shared.Add(column);
            }
            else
            {
                shown.Add(column);
            }
        }

        return new ComparisonLayout(shown, shared);
    }

    /// <summary>One grid per architecture (ordered by name) of the metric's mean over the models at each β and latent
    /// dim; an architecture's axes hold only the βs and dims its models have.</summary>
    public static IReadOnlyList<MetricGrid> Pivot(IEnumerable<ExperimentEntry> entries, ComparisonColumn metric)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(metric);
        if (!metric.IsNumeric)
        {
            throw new ArgumentException($"column '{metric.Key}' is not a number", nameof(metric));
        }

        var grids = new List<MetricGrid>();
        foreach (var architecture in entries.GroupBy(e => e.Architecture, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var betas = architecture.Select(e => e.Beta).Distinct().Order().ToList();
            var dims = architecture.Select(e => e.LatentDim).Distinct().Order().ToList();
            var values = new List<IReadOnlyList<double?>>();
            var counts = new List<IReadOnlyList<int>>();
            foreach (var beta in betas)
            {
                var row = new double?[dims.Count];
                var rowCounts = new int[dims.Count];
                for (var j = 0; j < dims.Count; j++)
                {
                    var cell = architecture
                        .Where(e => e.Beta.Equals(beta) && e.LatentDim == dims[j])
                        .Select(metric.Number)
                        .Where(v => v is { } x && double.IsFinite(x))
                        .Select(v => v!.Value)
                        .ToList();
                    rowCounts[j] = cell.Count;
                    row[j] = cell.Count > 0 ? cell.Average() : null;
                }

                values.Add(row);
                counts.Add(rowCounts);
            }

            grids.Add(new MetricGrid(architecture.Key, betas, dims, values, counts));
        }

        return grids;
    }
}

using System.Globalization;
using LatentDash.Models.Comparison;
using LatentDash.Models.Experiments;
using Microsoft.AspNetCore.Components;

namespace LatentDash.Web.Analysis.Compare;

/// <summary>The run comparison: every model of a run (or of every run of a dataset), filtered by any hyperparameter as
/// the CLI's `list key=value`, in a table sorted by any column, with a chosen metric charted over β × latent dim per
/// architecture. Each row opens the model in the explorer and the other views. The whole view lives in the URL
/// (<see cref="CompareView"/>): every choice navigates, so Back restores the previous one.</summary>
public sealed partial class ComparePage : IDisposable
{
    // The run selector's value for "no run chosen": not a valid run name, so it never meets a real one.
    private const string AllRuns = "*";

    /// <summary>The views a row opens, each at the same dataset/run/model keys.</summary>
    private static readonly (string Name, string Path)[] Views =
        [("explorer", "/"), ("traversal", "/traversal"), ("reconstructions", "/reconstructions"), ("curves", "/curves")];

    private IReadOnlyList<ExperimentEntry> entries = [];
    private List<string> urlErrors = [];
    private CompareView view = new();
    private IReadOnlyList<ExperimentEntry> rows = [];
    private IReadOnlyList<MetricGrid> grids = [];
    private int missingMetrics;
    private ComparisonLayout layout = new([], []);
    private (double Min, double Max)? range;
    private (string Address, List<string> Errors)? canonical;

    [Inject] private IExperimentIndex Index { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    // A navigation that stays on this page (a choice here, a link, Back) sets no parameter, so Blazor does not set
    // them again: the page follows the address itself.
    protected override void OnInitialized() => Navigation.LocationChanged += OnLocationChanged;

    public void Dispose() => Navigation.LocationChanged -= OnLocationChanged;

    protected override void OnParametersSet() => Show();

    private void OnLocationChanged(object? sender, Microsoft.AspNetCore.Components.Routing.LocationChangedEventArgs e)
    {
        if (IsThisPage(e.Location))
        {
            _ = InvokeAsync(() =>
            {
                Show();
                StateHasChanged();
            });
        }
    }

    private bool IsThisPage(string address) =>
        string.Equals(Navigation.ToAbsoluteUri(address).AbsolutePath, "/compare", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads the address into the view and everything shown from it.</summary>
    private void Show()
    {
        entries = [.. Index.Query(new ExperimentQuery()).Where(e => e.Status == ExperimentStatus.Complete)];
        var address = Navigation.Uri;
        var parsed = CompareView.Parse(new Uri(address).Query, out var errors);
        var problems = new List<string>(errors);
        view = parsed.Resolve(entries, problems);
        problems.AddRange(view.UnknownFilterKeys(entries));
        urlErrors = canonical is { } written && written.Address == address ? written.Errors : problems;
        canonical = null;
        var complete = Navigation.ToAbsoluteUri($"/compare?{view.ToQuery()}").ToString();
        if (entries.Count > 0 && complete != address)
        {
            canonical = (complete, urlErrors);
        }

        rows = ModelComparison.Sort(ModelComparison.Filter(entries, view.Query()), view.Sort, view.Descending);
        layout = ModelComparison.Layout(rows);
        grids = ModelComparison.Pivot(rows, view.Metric);
        var values = grids.SelectMany(g => g.Values).SelectMany(r => r).OfType<double>().ToList();
        range = values.Count > 0 ? (values.Min(), values.Max()) : null;
        missingMetrics = rows.Count(e => e.MetricsVersion is null);
    }

    // The dataset the address left open is written back, replacing the entry, so a copied address says it all.
    protected override void OnAfterRender(bool firstRender)
    {
        if (RendererInfo.IsInteractive && canonical is { } complete && complete.Address != Navigation.Uri && IsThisPage(Navigation.Uri))
        {
            Navigation.NavigateTo(complete.Address, replace: true);
        }
    }

    private static string Cell(ExperimentEntry entry, ComparisonColumn column) =>
        column.Text is { } text ? text(entry) : column.Number(entry)?.ToString(column.Format, CultureInfo.InvariantCulture) ?? "–";

    private static string ViewHref(string path, ExperimentEntry entry) =>
        $"{path}?dataset={Uri.EscapeDataString(entry.Dataset)}&run={Uri.EscapeDataString(entry.Run)}&model={Uri.EscapeDataString(entry.Model)}";

    private string Arrow(ComparisonColumn column) => column != view.Sort ? "" : view.Descending ? " ▼" : " ▲";

    // A click on the sorted column turns its direction; on another column sorts by it, metrics that are better high
    // starting with the best.
    private string SortHref(ComparisonColumn column)
    {
        var descending = column == view.Sort ? !view.Descending : column.HigherIsBetter == true;
        return $"/compare?{(view with { Sort = column, Descending = descending }).ToQuery()}";
    }

    private void OnDatasetChanged(string dataset) => Go(view with { Dataset = dataset, Run = null });

    private void OnRunChanged(string run) => Go(view with { Run = run == AllRuns ? null : run });

    private void OnFilterChanged(string? filter)
    {
        var problems = new List<string>();
        var parsed = CompareView.ParseFilter(filter ?? "", problems);
        if (problems.Count > 0)
        {
            urlErrors = problems;
            return;
        }

        Go(view with { Filter = parsed });
    }

    private void OnMetricChanged(string key) =>
        Go(view with { Metric = ComparisonColumns.Metrics.FirstOrDefault(c => c.Key == key) ?? view.Metric });

    private void Go(CompareView next) => Navigation.NavigateTo($"/compare?{next.ToQuery()}");
}

using System.Globalization;
using LatentDash.Models.Comparison;
using LatentDash.Models.Experiments;
using Microsoft.AspNetCore.Components;

namespace LatentDash.Web.Analysis.Curves;

/// <summary>Training curves of any models, trained here or by the CLI: pick dataset → run → models, and every quantity
/// of their history.json is drawn with the models overlaid. The whole view lives in the URL (<see cref="CurvesView"/>):
/// every choice navigates, so Back returns to the previous choice, and the page redraws from the address.</summary>
public sealed partial class CurvesPage : IDisposable
{
    private IReadOnlyList<ExperimentEntry> entries = [];
    private List<string> urlErrors = [];
    private CurvesView view = new();
    private List<ModelCurves> curves = [];
    private (string Address, List<string> Errors)? canonical;

    [Inject] private IExperimentIndex Index { get; set; } = default!;

    [Inject] private ExperimentStore Store { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    private string CompareHref => $"/compare?{new Compare.CompareView { Dataset = view.Dataset, Run = view.Run }.ToQuery()}";

    /// <summary>The URL key of a quantity, also the chart's id: reconstruction, kl, class_loss…</summary>
    public static string Key(CurveQuantity quantity) => quantity switch
    {
        CurveQuantity.ClassLoss => "class_loss",
        CurveQuantity.LearningRate => "learning_rate",
        _ => quantity.ToString().ToLowerInvariant(),
    };

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
        string.Equals(Navigation.ToAbsoluteUri(address).AbsolutePath, "/curves", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads the address into the view and everything shown from it.</summary>
    private void Show()
    {
        entries = [.. Index.Query(new ExperimentQuery()).Where(e => e.Status == ExperimentStatus.Complete)];
        var address = Navigation.Uri;
        var parsed = CurvesView.Parse(new Uri(address).Query, out var errors);
        var problems = new List<string>(errors);
        view = parsed.Resolve(entries, problems);
        // The address we wrote ourselves to complete the last one: its messages are still the ones to show.
        urlErrors = canonical is { } written && written.Address == address ? written.Errors : problems;
        canonical = null;
        var complete = Navigation.ToAbsoluteUri($"/curves?{view.ToQuery()}").ToString();
        if (entries.Count > 0 && complete != address)
        {
            canonical = (complete, urlErrors);
        }

        curves = [];
        foreach (var model in view.Models)
        {
            try
            {
                curves.Add(ModelCurves.Read(Store, view.Run!, model));
            }
            catch (InvalidDataException ex)
            {
                urlErrors.Add($"model '{model}' has no readable history: {ex.Message}");
            }
        }
    }

    // What the address left open (the run, its models) is written back, replacing the entry, so a copied address
    // reproduces the page even after the index changes.
    protected override void OnAfterRender(bool firstRender)
    {
        if (RendererInfo.IsInteractive && canonical is { } complete && complete.Address != Navigation.Uri && IsThisPage(Navigation.Uri))
        {
            Navigation.NavigateTo(complete.Address, replace: true);
        }
    }

    /// <summary>What tells overlaid models apart: architecture, β, latent dim, and a branched model's class-loss weight.</summary>
    internal static string LegendDetail(ExperimentEntry entry)
    {
        var c = CultureInfo.InvariantCulture;
        var detail = $"{entry.Architecture}, β {entry.Beta.ToString("0.###", c)}, dim {entry.LatentDim}";
        return entry.ClassLossWeight is { } weight ? $"{detail}, class-loss weight {weight.ToString("0.###", c)}" : detail;
    }

    /// <summary>The quantities some shown model has: class loss and accuracy only with a classifier branch.</summary>
    private IEnumerable<CurveQuantity> Quantities() =>
        Enum.GetValues<CurveQuantity>().Where(q => curves.Any(c => c.Curve(q, CurveSplit.Train).Values.Count > 0));

    private void OnDatasetChanged(string dataset) => Go(new CurvesView { Dataset = dataset, LogScale = view.LogScale });

    private void OnRunChanged(string run) => Go(new CurvesView { Dataset = view.Dataset, Run = run, LogScale = view.LogScale });

    private void OnModelsChanged(IEnumerable<string?>? models)
    {
        var chosen = (models ?? []).OfType<string>().Take(CurvesView.MaxModels).ToList();
        // Unticking the last model would mean "every model of the run": keep the one shown instead.
        if (chosen.Count > 0)
        {
            Go(view with { Models = chosen });
        }
    }

    private void OnScaleChanged(bool log) => Go(view with { LogScale = log });

    private void Go(CurvesView next) => Navigation.NavigateTo($"/curves?{next.ToQuery()}");
}

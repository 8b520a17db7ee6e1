using LatentDash.Models.Analysis;
using LatentDash.Models.Experiments;
using LatentDash.Models.Latent;
using LatentDash.Web.Explorer;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;

namespace LatentDash.Web.Analysis.Traversal;

/// <summary>The traversal grid of one sample: one row per latent dimension or principal component, the decodes across
/// a range on that axis alone. The view lives in the URL (<see cref="TraversalView"/>); the model comes from the
/// circuit's <see cref="ExplorerSession"/>, so arriving from the explorer does not load it again.</summary>
public sealed partial class TraversalPage : IDisposable
{
    private IReadOnlyList<ExperimentEntry> entries = [];
    private List<string> urlErrors = [];
    private TraversalView view = new();
    private TraversalFigure? shown;
    private int opens;
    private int opened = -1;
    private bool awaitingInteractivity;

    [Inject] private IExperimentIndex Index { get; set; } = default!;

    [Inject] private ExplorerSession Session { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    // The prerendered page only promises the model: loading it there would be thrown away with the prerender's scope.
    private bool Loading => awaitingInteractivity || Session.IsLoading;

    private string DownloadName => $"traversal-{view.Model}-{shown?.Sample}.png";

    protected override async Task OnInitializedAsync()
    {
        entries = [.. Index.Query(new ExperimentQuery()).Where(e => e.Status == ExperimentStatus.Complete)];
        view = Resolve(new Uri(Navigation.Uri).Query, urlErrors);
        if (!RendererInfo.IsInteractive)
        {
            awaitingInteractivity = view.Model is not null;
            return;
        }

        Navigation.LocationChanged += OnLocationChanged;
        await OpenModelAsync();
    }

    public void Dispose()
    {
        Navigation.LocationChanged -= OnLocationChanged;
        Session.CloseIfStill(opened);
    }

    /// <summary>Parses an address and fills in the model the way the explorer does.</summary>
    private TraversalView Resolve(string query, List<string> problems)
    {
        var parsed = TraversalView.Parse(query, out var errors);
        problems.AddRange(errors);
        var choice = ModelChoice.Resolve(parsed.Dataset, parsed.Run, parsed.Model, entries, problems);
        return parsed with { Dataset = choice.Dataset, Run = choice.Run, Model = choice.Model };
    }

    private async Task OnSelectionChangedAsync((string? Dataset, string? Run, string? Model) selection)
    {
        // Another model: the sample, class and animated row meant the last one.
        view = new TraversalView
        {
            Dataset = selection.Dataset, Run = selection.Run, Model = selection.Model,
            Axes = view.Axes, Steps = view.Steps, Range = view.Range, K = view.K,
        };
        urlErrors = [];
        await OpenModelAsync();
        UpdateUrl();
    }

    private async Task OpenModelAsync()
    {
        var mine = ++opens;
        shown = null;
        if (view.Run is not { } run || view.Model is not { } name)
        {
            Session.Close();
            opened = Session.Generation;
            return;
        }

        var opening = Session.OpenAsync(run, name);
        opened = Session.Generation;
        StateHasChanged();
        // A later choice overtook this one while it loaded: that one owns the session now.
        if (!await opening || mine != opens || Session.Model is null)
        {
            return;
        }

        var chosen = view.Sample is not null;
        Show();
        if (!chosen)
        {
            // The first sample was taken for the user: name it in the address, so a copy of it shows the same grid.
            UpdateUrl(push: false);
        }
    }

    /// <summary>Checks the view against the open model and draws it.</summary>
    private void Show()
    {
        if (Session.Model is not { } model)
        {
            return;
        }

        view = view.FitTo(model.Shape, urlErrors);
        view = view with { Sample = view.Sample ?? 0 };
        shown = TraversalFigure.Build(model, view);
    }

    /// <summary>Back or Forward, or a link to another traversal: show the view the address names.</summary>
    private void OnLocationChanged(object? sender, LocationChangedEventArgs e) => _ = InvokeAsync(async () =>
    {
        var uri = new Uri(e.Location);
        if (uri.AbsolutePath != "/traversal")
        {
            return;
        }

        var problems = new List<string>();
        var next = Resolve(uri.Query, problems);
        if (next == view)
        {
            return;
        }

        urlErrors = problems;
        var sameModel = next.Run == view.Run && next.Model == view.Model;
        view = next;
        if (sameModel && Session.Model is not null)
        {
            Show();
        }
        else
        {
            await OpenModelAsync();
        }

        StateHasChanged();
    });

    private void OnSampleChanged(int sample) => Change(view with { Sample = sample });

    private void OnAxesChanged(ProjectionKind axes) => Change(view with { Axes = axes });

    private void OnStepsChanged(int steps) => Change(view with { Steps = Math.Clamp(steps, TraversalView.MinSteps, TraversalView.MaxSteps) });

    private void OnRangeChanged(TraversalRange range) => Change(view with { Range = range });

    private void OnKChanged(double k) => Change(view with { K = Math.Clamp(k, TraversalView.MinK, TraversalView.MaxK) });

    private void OnConditionChanged(int condition) => Change(view with { Condition = condition });

    private void OnAnimateChanged(int row) => Change(view with { Animate = row < 0 ? null : row });

    /// <summary>A control changed the view: draw it and add it to the history, so Back returns to the one before.</summary>
    private void Change(TraversalView next)
    {
        if (next == view)
        {
            return;
        }

        urlErrors = [];
        view = next;
        Show();
        UpdateUrl();
    }

    private void UpdateUrl(bool push = true)
    {
        var target = "/traversal?" + view.ToQuery();
        if (new Uri(Navigation.Uri).PathAndQuery != target)
        {
            Navigation.NavigateTo(target, replace: !push);
        }
    }
}

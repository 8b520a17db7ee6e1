using LatentDash.Jobs.Analysis;
using LatentDash.Jobs.Runs;
using LatentDash.Models.Analysis;
using LatentDash.Models.Experiments;
using LatentDash.Models.Latent;
using LatentDash.Web.Components;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;

namespace LatentDash.Web.Explorer;

/// <summary>The latent space explorer: pick dataset → run → model, see the splom of the projected latent means, click
/// a point, traverse with one slider per component while the decoded image follows. The whole view lives in the URL
/// (<see cref="ExplorerView"/>); the model and what it decodes live in the circuit's <see cref="ExplorerSession"/>.</summary>
public sealed partial class ExplorerPage : IDisposable
{
    private static readonly TimeSpan DragPause = TimeSpan.FromMilliseconds(150);
    private IDisposable? trainedSubscription;

    private readonly OwnNavigations ownNavigations = new();
    private readonly CurrentPoint marker = new();
    private readonly Debouncer dragPause = new(DragPause);
    private IReadOnlyList<ExperimentEntry> entries = [];
    private List<string> urlErrors = [];
    private ExplorerView view = new();
    private int maxPoints;
    private int opens;
    private int opened = -1;
    private bool awaitingInteractivity;
    private readonly TicketFollower<Embedding> embedding;

    public ExplorerPage() => embedding = new(OnEmbeddingChanged);

    [Inject] private IExperimentIndex Index { get; set; } = default!;

    [Inject] private ExplorerSession Session { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [Inject] private IOptions<WebOptions> Options { get; set; } = default!;

    [Inject] private TrainingRepository Trainings { get; set; } = default!;

    [Inject] private TrainingNotifications Notifications { get; set; } = default!;

    [Inject] private AnalysisRunner Runner { get; set; } = default!;

    /// <summary>The request of a prerender (null in a circuit).</summary>
    [CascadingParameter] private HttpContext? HttpContext { get; set; }

    [Inject] private IJSRuntime JS { get; set; } = default!;

    /// <summary>The t-SNE or UMAP computation the page waits for, if any.</summary>
    private AnalysisTicket<Embedding>? EmbeddingTicket => embedding.Current;

    private ExperimentEntry? Entry => entries.FirstOrDefault(e => e.Run == view.Run && e.Model == view.Model);

    // The prerendered page only promises the model (and starts its load in the shared cache): a lease taken there would
    // be thrown away with the prerender's scope.
    private bool Loading => awaitingInteractivity || Session.IsLoading;

    protected override async Task OnInitializedAsync()
    {
        maxPoints = Options.Value.MaxPoints;
        entries = CompleteModels();
        trainedSubscription = Notifications.SubscribeToTrainedModels(OnModelTrained);
        view = ExplorerView.Parse(new Uri(Navigation.Uri).Query, out var errors).Resolve(entries, urlErrors);
        urlErrors.InsertRange(0, errors);
        if (Entry is { } entry)
        {
            view = view.FitTo(ModelShape.FromEntry(entry), urlErrors);
        }

        if (!RendererInfo.IsInteractive)
        {
            if (view is { Run: { } run, Model: { } model })
            {
                Session.Prefetch(run, model);
            }

            // The start's warm-up has its prerender show the model in full (the sliders, the table, the splom's data),
            // so that the code a first circuit runs to show a model is compiled and initialised before a person's
            // first open after a start; a person's prerender only promises the model.
            if (view.Model is not null && StartupWarmUp.Requested(HttpContext))
            {
                await OpenModelAsync(keepSelection: true);
                return;
            }

            awaitingInteractivity = view.Model is not null;
            return;
        }

        Navigation.LocationChanged += OnLocationChanged;
        await OpenModelAsync(keepSelection: true);
    }

    // The splom's plotly.js loads while the model does; a page that opens on the density view leaves plotly.js to its
    // chart (the full bundle), rather than have the splom's bundle load beside it. A page that starts its circuit has it
    // started sooner, by the app's JavaScript initializer (data-splom-preload); one reached by an enhanced navigation here.
    private bool PreloadsSplom => entries.Count > 0 && view.Density is null;

    protected override Task OnAfterRenderAsync(bool firstRender) =>
        firstRender && PreloadsSplom ? Components.LatentSplom.PreloadAsync(JS) : Task.CompletedTask;

    public void Dispose()
    {
        Navigation.LocationChanged -= OnLocationChanged;
        trainedSubscription?.Dispose();
        dragPause.Dispose();
        embedding.Stop();
        Session.CloseIfStill(opened);
    }

    private int ActiveRuns() => Trainings.CountActive();

    private IReadOnlyList<ExperimentEntry> CompleteModels() =>
        [.. Index.Query(new ExperimentQuery()).Where(e => e.Status == ExperimentStatus.Complete)];

    // A run finished somewhere: list its model in the selectors; the first models trained open by themselves.
    private Task OnModelTrained() => InvokeAsync(async () =>
    {
        var fresh = CompleteModels();
        if (fresh.Count == entries.Count)
        {
            return;
        }

        var wasEmpty = entries.Count == 0;
        entries = fresh;
        if (wasEmpty)
        {
            view = view.Resolve(entries, []);
            await OpenModelAsync(keepSelection: false);
            UpdateUrl(push: false);
        }

        StateHasChanged();
    });

    private async Task OnSelectionChangedAsync((string? Dataset, string? Run, string? Model) selection)
    {
        view = new ExplorerView { Dataset = selection.Dataset, Run = selection.Run, Model = selection.Model, Projection = view.Projection, Range = view.Range, Density = view.Density };
        urlErrors = [];
        await OpenModelAsync(keepSelection: false);
        UpdateUrl();
    }

    /// <summary>Opens the view's model, checks the URL's values against it, and restores the selection they carry.</summary>
    private async Task OpenModelAsync(bool keepSelection)
    {
        var mine = ++opens;
        marker.MoveTo(null);
        embedding.Stop();
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
        if (!await opening || mine != opens || Session.Model is not { } model)
        {
            return;
        }

        ApplyView(model, keepSelection);
    }

    /// <summary>Shows the view's axes, range, class and selection on the open model.</summary>
    private void ApplyView(ExplorableModel model, bool keepSelection)
    {
        view = view.FitTo(model.Shape, urlErrors);
        Session.Project(view.SliderAxes, view.Components!.Value);
        ShowEmbedding(model);
        Session.SetRange(view.Range);
        Session.SetCondition(view.Condition);
        if (keepSelection && (view.Sample is not null || view.Sliders is not null))
        {
            Session.Select(view.Sample, view.Sliders);
        }

        marker.MoveTo(Session.Marker());

        SyncView();
    }

    /// <summary>Back or Forward (or a link to another explorer view): the address now names another view; show it.
    /// Our own address changes arrive here too and are recognised by their unchanged view.</summary>
    private void OnLocationChanged(object? sender, LocationChangedEventArgs e) => _ = InvokeAsync(async () =>
    {
        var uri = new Uri(e.Location);
        if (uri.AbsolutePath != "/")
        {
            return;
        }

        var problems = new List<string>();
        var next = ExplorerView.Parse(uri.Query, out var errors).Resolve(entries, problems);
        if (ownNavigations.IsEcho(next.ToQuery()) || next.Equals(view))
        {
            return;
        }

        urlErrors = [.. errors, .. problems];
        var sameModel = next.Run == view.Run && next.Model == view.Model;
        view = next;
        if (sameModel && Session.Model is { } model)
        {
            ApplyView(model, keepSelection: true);
        }
        else
        {
            await OpenModelAsync(keepSelection: true);
        }

        StateHasChanged();
    });

    /// <summary>The model's metrics were computed in the background: show the re-indexed entry.</summary>
    private void OnMetricsComputed() => entries = CompleteModels();

    private void OnPointSelected(int sample)
    {
        Session.Select(sample, null);
        marker.MoveTo(Session.Marker());
        SyncView();
        UpdateUrl();
    }

    /// <summary>A slider step was decoded (by the <see cref="Components.TraversalPanel"/>, which renders itself): the
    /// splom's marker follows it alone, after the image (the same render carries both, and the browser shows the image
    /// before it moves the marker), and the address follows once the drag pauses. The page itself does not render.</summary>
    private void OnStepDecoded()
    {
        // On an embedding the marker stays on the sample: slider values have no place there.
        if (Session.Embedded is null)
        {
            marker.MoveTo(Session.Marker());
        }

        dragPause.Schedule(() => InvokeAsync(() =>
        {
            // Nothing the page shows depends on the slider values: the address alone follows them.
            if (Session.Sliders is not null)
            {
                SyncView();
                UpdateUrl(push: false);
            }
        }));
    }

    private void OnProjectionChanged(ProjectionKind projection)
    {
        // t-SNE and UMAP place only the validation points they were fitted on.
        view = view with { Projection = projection, Density = projection.IsEmbedding() && view.Density == DensityPoints.Training ? DensityPoints.Validation : view.Density };
        Reproject();
    }

    private void OnAxesChanged(ProjectionKind axes)
    {
        view = view with { Axes = axes };
        Reproject();
    }

    private void OnComponentsChanged(int components)
    {
        view = view with { Components = components };
        Reproject();
    }

    /// <summary>New axes: the selected sample stays selected, its sliders move to its coordinates on them.</summary>
    private void Reproject()
    {
        var sample = Session.Sample;
        Session.Project(view.SliderAxes, view.Components!.Value);
        if (Session.Model is { } model && Session.Embedded?.Projection.Kind != view.Projection)
        {
            ShowEmbedding(model);
        }

        if (sample is { } s)
        {
            Session.Select(s, null);
        }

        marker.MoveTo(Session.Marker());

        SyncView();
        UpdateUrl();
    }

    private void OnDensityChanged(DensityPoints? density)
    {
        view = view with { Density = density };
        UpdateUrl();
    }

    private void OnRangeChanged(SliderRange range)
    {
        view = view with { Range = range };
        Session.SetRange(range);
        UpdateUrl();
    }

    private void OnConditionChanged(int condition)
    {
        view = view with { Condition = condition };
        Session.SetCondition(condition);
        SyncView();
        UpdateUrl();
    }

    /// <summary>Shows the view's embedding: read from the model's cache at once, or computed in the background while
    /// the splom shows the sliders' axes (the page follows the computation's progress).</summary>
    private void ShowEmbedding(ExplorableModel model)
    {
        embedding.Stop();
        if (!view.Projection.IsEmbedding())
        {
            Session.ShowEmbedding(view.Projection, null);
            return;
        }

        if (ExplorerEmbeddings.Find(Runner, model, view.Projection, out var ticket) is { } cached)
        {
            Session.ShowEmbedding(cached.Kind, cached.Coordinates);
            return;
        }

        Session.ShowEmbedding(view.Projection, null);
        embedding.Follow(ticket);
    }

    // Raised on the runner's thread: progress re-renders the bar, a result replaces the axes' splom.
    private void OnEmbeddingChanged() => _ = InvokeAsync(() =>
    {
        if (EmbeddingTicket is { Result: { } result } && result.Kind == view.Projection && Session.Model is not null)
        {
            embedding.Stop();
            Session.ShowEmbedding(result.Kind, result.Coordinates);
            marker.MoveTo(Session.Marker());
        }

        StateHasChanged();
    });

    private void SyncView() =>
        view = view with { Sample = Session.Sample, Sliders = Session.Sliders is { } s ? [.. s] : null };

    /// <summary>Puts the view in the address. Discrete changes (model, sample, axes, range, class) add a history entry,
    /// so Back returns to the view before; a drag (<paramref name="push"/> false) replaces the current one.</summary>
    private void UpdateUrl(bool push = true)
    {
        var target = "/?" + view.ToQuery();
        if (new Uri(Navigation.Uri).PathAndQuery != target)
        {
            ownNavigations.Sent(view.ToQuery());
            Navigation.NavigateTo(target, replace: !push);
        }
    }
}

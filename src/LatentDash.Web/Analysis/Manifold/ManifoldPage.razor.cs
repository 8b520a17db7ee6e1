using System.Globalization;
using LatentDash.Models.Analysis;
using LatentDash.Models.Data;
using LatentDash.Models.Experiments;
using LatentDash.Models.Latent;
using LatentDash.Web.Explorer;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.Extensions.Options;

namespace LatentDash.Web.Analysis.Manifold;

/// <summary>The 2-D manifold: an n×n grid of decodes over two latent dimensions, the others held at a sample's μ or at
/// zero, beside the scatter of those two dimensions' μ with the grid's extent. The model comes from the circuit's
/// <see cref="ExplorerSession"/>; the grid decodes in the background under its own lease. The whole view is in the URL.</summary>
public sealed partial class ManifoldPage : IDisposable
{
    private const int GridScale = 2;

    private IReadOnlyList<ExperimentEntry> entries = [];
    private List<string> urlErrors = [];
    private ManifoldView view = new();
    private ManifoldGrid? grid;
    private byte[]? gridPng;
    private string? gridError;
    private int maxPoints;
    private int generation;
    private int opened = -1;
    private bool awaitingInteractivity;
    private bool disposed;

    [Inject] private IExperimentIndex Index { get; set; } = default!;

    [Inject] private ExplorerSession Session { get; set; } = default!;

    [Inject] private ExplorableModelCache Cache { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [Inject] private IOptions<WebOptions> Options { get; set; } = default!;

    private bool Loading => awaitingInteractivity || Session.IsLoading;

    /// <summary>The session's model when it is this view's model.</summary>
    private ExplorableModel? OpenModel =>
        Session.Model is { } model && model.Experiment.Params.Run == view.Run && model.Experiment.Params.Model == view.Model ? model : null;

    private int? HeldSample => view.HoldAtZero ? null : view.Sample;

    protected override async Task OnInitializedAsync()
    {
        maxPoints = Options.Value.MaxPoints;
        entries = [.. Index.Query(new ExperimentQuery()).Where(e => e.Status == ExperimentStatus.Complete)];
        view = Resolve(ManifoldView.Parse(new Uri(Navigation.Uri).Query, out var errors), urlErrors);
        urlErrors.InsertRange(0, errors);
        if (entries.FirstOrDefault(e => e.Run == view.Run && e.Model == view.Model) is { } entry)
        {
            view = view.FitTo(ModelShape.FromEntry(entry), urlErrors);
        }

        if (!RendererInfo.IsInteractive)
        {
            awaitingInteractivity = view.Model is not null;
            return;
        }

        Navigation.LocationChanged += OnLocationChanged;
        await OpenAsync();
    }

    public void Dispose()
    {
        disposed = true;
        Navigation.LocationChanged -= OnLocationChanged;
        Session.CloseIfStill(opened);
    }

    private ManifoldView Resolve(ManifoldView parsed, ICollection<string> problems)
    {
        var choice = ModelChoice.Resolve(parsed.Dataset, parsed.Run, parsed.Model, entries, problems);
        return parsed with { Dataset = choice.Dataset, Run = choice.Run, Model = choice.Model };
    }

    /// <summary>Opens the view's model through the session (at once when the explorer has it open), then draws.</summary>
    private async Task OpenAsync()
    {
        var mine = ++generation;
        grid = null;
        gridPng = null;
        gridError = null;
        if (view.Run is not { } run || view.Model is not { } name)
        {
            return;
        }

        if (OpenModel is null)
        {
            var opening = Session.OpenAsync(run, name);
            opened = Session.Generation;
            StateHasChanged();
            if (!await opening || mine != generation)
            {
                return;
            }
        }
        else
        {
            opened = Session.Generation;
        }

        if (OpenModel is { } model)
        {
            view = view.FitTo(model.Shape, urlErrors);
            await DrawAsync(model);
        }
    }

    /// <summary>Lays out the grid (instant), then decodes it in the background under a lease of its own: the session
    /// may let the model go (another model chosen, the page left) while the decode runs.</summary>
    private async Task DrawAsync(ExplorableModel model)
    {
        var mine = ++generation;
        gridPng = null;
        gridError = null;
        if (model.Config.LatentDim < 2)
        {
            grid = null;
            return;
        }

        var shown = grid = view.Grid(model.Space);
        var label = model.DecoderNeedsLabel ? view.DecodeClass(model.Space) : (int?)null;
        var (width, height) = (model.Config.Width, model.Config.Height);
        StateHasChanged();
        try
        {
            using var lease = await Cache.AcquireAsync(view.Run!, view.Model!);
            var png = await Task.Run(() => shown.Png(shown.Decode(lease.Model, label), width, height, GridScale));
            if (mine == generation && !disposed)
            {
                gridPng = png;
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or ArgumentException or DatasetFormatException or ObjectDisposedException)
        {
            if (mine == generation)
            {
                gridError = $"The grid could not be decoded: {ex.Message}";
            }
        }

        if (mine == generation && !disposed)
        {
            StateHasChanged();
        }
    }

    private string HeldCaption(ExplorableModel model)
    {
        var others = Enumerable.Range(1, model.Config.LatentDim).Where(d => d != view.X && d != view.Y).Select(d => $"z{d}").ToList();
        if (others.Count == 0)
        {
            return "The model has two latent dimensions: the grid covers them both.";
        }

        var at = HeldSample is { } s
            ? $"sample {s}'s μ ({model.Space.ClassNames[model.Space.Labels[s]]}); click a point of the scatter to hold at another"
            : "zero, the prior's mean; click a point of the scatter to hold at its μ";
        return $"{string.Join(", ", others)} held at {at}.";
    }

    private async Task OnSelectionChangedAsync((string? Dataset, string? Run, string? Model) selection)
    {
        view = new ManifoldView { Dataset = selection.Dataset, Run = selection.Run, Model = selection.Model, Size = view.Size, Range = view.Range, Span = view.Span, HoldAtZero = view.HoldAtZero };
        urlErrors = [];
        UpdateUrl();
        await OpenAsync();
        UpdateUrl(push: false);
    }

    private Task OnXChanged(int x) => Change(view with { X = x, Y = view.Y == x ? view.X : view.Y });

    private Task OnYChanged(int y) => Change(view with { Y = y, X = view.X == y ? view.Y : view.X });

    private Task OnSizeChanged(int size) => Change(view with { Size = Math.Clamp(size, ManifoldGrid.MinSize, ManifoldGrid.MaxSize) });

    private Task OnRangeChanged(ManifoldRange range) => Change(view with { Range = range });

    private Task OnSpanChanged(double span) =>
        Change(view with { Span = double.IsFinite(span) ? Math.Clamp(span, ManifoldView.MinSpan, ManifoldView.MaxSpan) : ManifoldView.DefaultSpan });

    private Task OnSampleChanged(int? sample) => Change(view with { Sample = sample, HoldAtZero = sample is null && view.HoldAtZero });

    private Task OnHoldChanged(bool zero) => Change(view with { HoldAtZero = zero });

    private Task OnConditionChanged(int condition) => Change(view with { Condition = condition });

    private Task OnPointSelected(int sample) => Change(view with { Sample = sample, HoldAtZero = false });

    /// <summary>Another grid on the same model: checked against the model, put in the address, decoded.</summary>
    private async Task Change(ManifoldView next)
    {
        if (OpenModel is not { } model)
        {
            return;
        }

        var problems = new List<string>();
        next = next.FitTo(model.Shape, problems);
        if (next.Equals(view))
        {
            return;
        }

        urlErrors = problems;
        view = next;
        UpdateUrl();
        await DrawAsync(model);
    }

    /// <summary>Back or Forward: the address names another view of this page; show it.</summary>
    private void OnLocationChanged(object? sender, LocationChangedEventArgs e) => _ = InvokeAsync(async () =>
    {
        var uri = new Uri(e.Location);
        if (disposed || uri.AbsolutePath != "/manifold")
        {
            return;
        }

        var problems = new List<string>();
        var next = Resolve(ManifoldView.Parse(uri.Query, out var errors), problems);
        var sameModel = next.Run == view.Run && next.Model == view.Model;
        if (sameModel && OpenModel is { } model)
        {
            next = next.FitTo(model.Shape, problems);
        }

        if (next.Equals(view))
        {
            return;
        }

        urlErrors = [.. errors, .. problems];
        view = next;
        if (sameModel && OpenModel is { } open)
        {
            await DrawAsync(open);
        }
        else
        {
            await OpenAsync();
        }

        StateHasChanged();
    });

    /// <summary>Puts the view in the address; discrete changes add a history entry so Back returns to the grid before.</summary>
    private void UpdateUrl(bool push = true)
    {
        var target = "/manifold?" + view.ToQuery();
        if (new Uri(Navigation.Uri).PathAndQuery != target)
        {
            Navigation.NavigateTo(target, replace: !push);
        }
    }

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string DataUrl(byte[] png) => "data:image/png;base64," + Convert.ToBase64String(png);
}

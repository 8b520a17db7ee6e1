using System.Globalization;
using LatentDash.Models.Analysis;
using LatentDash.Models.Data;
using LatentDash.Models.Experiments;
using LatentDash.Models.Latent;
using LatentDash.Web.Explorer;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace LatentDash.Web.Analysis.Manifold;

/// <summary>The 2-D manifold: an n×n grid of decodes over two latent dimensions, the others held at a sample's μ or at
/// zero, beside the scatter of those two dimensions' μ with the grid's extent. The model comes from the circuit's
/// <see cref="ExplorerSession"/>; the grid decodes in the background under its own lease. The whole view is in the URL.</summary>
public sealed partial class ManifoldPage
{
    // The decoder's own resolution: the page draws it larger with crisp pixels (CSS), so a larger PNG is only more bytes
    // to encode, send over the circuit at every change and decode in the browser (15 × 15 cells: 164 KB, 288 at scale 2).
    private const int GridScale = 1;

    private ManifoldGrid? grid;
    private byte[]? gridPng;
    private string? gridError;
    private int maxPoints;
    private int generation;

    // The scatter waits for the model's first grid: drawing it loads and runs plotly.js (the gl2d bundle), which holds the
    // browser's main thread a few hundred ms, and the grid (the view's answer) would otherwise wait behind it.
    private bool scatterShown;

    [Inject] private ExplorableModelCache Cache { get; set; } = default!;

    [Inject] private IOptions<WebOptions> Options { get; set; } = default!;

    protected override string Path => "/manifold";

    private int? HeldSample => View.HoldAtZero ? null : View.Sample;

    protected override Task OnInitializedAsync()
    {
        maxPoints = Options.Value.MaxPoints;
        return base.OnInitializedAsync();
    }

    protected override ManifoldView ForModel(ManifoldView current, ModelChoice choice) => new()
    {
        Dataset = choice.Dataset, Run = choice.Run, Model = choice.Model,
        Size = current.Size, Range = current.Range, Span = current.Span, HoldAtZero = current.HoldAtZero,
    };

    protected override ManifoldView Fit(ManifoldView view, ExplorableModel model, ICollection<string> problems) =>
        view.FitTo(model.Shape, problems);

    // The index knows the model's shape: the prerendered page already shows the dimensions it will use.
    protected override ManifoldView Prefit(ManifoldView view, ExperimentEntry entry, ICollection<string> problems) =>
        view.FitTo(ModelShape.FromEntry(entry), problems);

    protected override void Clear()
    {
        generation++;
        (grid, gridPng, gridError, scatterShown) = (null, null, null, false);
    }

    protected override Task ShowAsync(ExplorableModel model) => DrawAsync(model);

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

        var shown = grid = View.Grid(model.Space);
        var label = model.DecoderNeedsLabel ? View.DecodeClass(model.Space) : (int?)null;
        var (width, height) = (model.Config.Width, model.Config.Height);
        StateHasChanged();
        try
        {
            using var lease = await Cache.AcquireAsync(View.Run!, View.Model!);
            var png = await Task.Run(() => shown.Png(shown.Decode(lease.Model, label), width, height, GridScale));
            if (mine == generation && !Disposed)
            {
                gridPng = png;
                scatterShown = true;
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or ArgumentException or DatasetFormatException or ObjectDisposedException)
        {
            if (mine == generation)
            {
                gridError = $"The grid could not be decoded: {ex.Message}";
                scatterShown = true;
            }
        }

        if (mine == generation && !Disposed)
        {
            StateHasChanged();
        }
    }

    private string HeldCaption(ExplorableModel model)
    {
        var others = Enumerable.Range(1, model.Config.LatentDim).Where(d => d != View.X && d != View.Y).Select(d => $"z{d}").ToList();
        if (others.Count == 0)
        {
            return "The model has two latent dimensions: the grid covers them both.";
        }

        var at = HeldSample is { } s
            ? $"sample {s}'s μ ({model.Space.ClassNames[model.Space.Labels[s]]}); click a point of the scatter to hold at another"
            : "zero, the prior's mean; click a point of the scatter to hold at its μ";
        return $"{string.Join(", ", others)} held at {at}.";
    }

    private Task OnXChanged(int x) => ChangeAsync(View with { X = x, Y = View.Y == x ? View.X : View.Y });

    private Task OnYChanged(int y) => ChangeAsync(View with { Y = y, X = View.X == y ? View.Y : View.X });

    private Task OnSizeChanged(int size) => ChangeAsync(View with { Size = Math.Clamp(size, ManifoldGrid.MinSize, ManifoldGrid.MaxSize) });

    private Task OnRangeChanged(ManifoldRange range) => ChangeAsync(View with { Range = range });

    private Task OnSpanChanged(double span) =>
        ChangeAsync(View with { Span = double.IsFinite(span) ? Math.Clamp(span, ManifoldView.MinSpan, ManifoldView.MaxSpan) : ManifoldView.DefaultSpan });

    private Task OnSampleChanged(int? sample) => ChangeAsync(View with { Sample = sample, HoldAtZero = sample is null && View.HoldAtZero });

    private Task OnHoldChanged(bool zero) => ChangeAsync(View with { HoldAtZero = zero });

    private Task OnConditionChanged(int condition) => ChangeAsync(View with { Condition = condition });

    private Task OnPointSelected(int sample) => ChangeAsync(View with { Sample = sample, HoldAtZero = false });

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string DataUrl(byte[] png) => "data:image/png;base64," + Convert.ToBase64String(png);
}

using LatentDash.Models.Analysis;
using LatentDash.Models.Latent;

namespace LatentDash.Web.Analysis.Traversal;

/// <summary>The traversal grid of one sample: one row per latent dimension or principal component, the decodes across
/// a range on that axis alone. The view lives in the URL (<see cref="TraversalView"/>); the model comes from the
/// circuit's <see cref="Explorer.ExplorerSession"/>, so arriving from the explorer does not load it again.</summary>
public sealed partial class TraversalPage
{
    private TraversalFigure? shown;

    protected override string Path => "/traversal";

    private string DownloadName => $"traversal-{View.Model}-{shown?.Sample}.png";

    // Another model: the sample, class and animated row meant the last one.
    protected override TraversalView ForModel(TraversalView current, ModelChoice choice) => new()
    {
        Dataset = choice.Dataset, Run = choice.Run, Model = choice.Model,
        Axes = current.Axes, Steps = current.Steps, Range = current.Range, K = current.K,
    };

    /// <summary>Checks the view against the model; the first sample is taken when the address names none.</summary>
    protected override TraversalView Fit(TraversalView view, ExplorableModel model, ICollection<string> problems)
    {
        var fitted = view.FitTo(model.Shape, problems);
        return fitted with { Sample = fitted.Sample ?? 0 };
    }

    protected override void Clear() => shown = null;

    protected override Task ShowAsync(ExplorableModel model)
    {
        shown = TraversalFigure.Build(model, View);
        return Task.CompletedTask;
    }

    private Task OnSampleChanged(int sample) => ChangeAsync(View with { Sample = sample });

    private Task OnAxesChanged(ProjectionKind axes) => ChangeAsync(View with { Axes = axes });

    private Task OnStepsChanged(int steps) => ChangeAsync(View with { Steps = Math.Clamp(steps, TraversalView.MinSteps, TraversalView.MaxSteps) });

    private Task OnRangeChanged(TraversalRange range) => ChangeAsync(View with { Range = range });

    private Task OnKChanged(double k) => ChangeAsync(View with { K = Math.Clamp(k, TraversalView.MinK, TraversalView.MaxK) });

    private Task OnConditionChanged(int condition) => ChangeAsync(View with { Condition = condition });

    private Task OnAnimateChanged(int row) => ChangeAsync(View with { Animate = row < 0 ? null : row });
}

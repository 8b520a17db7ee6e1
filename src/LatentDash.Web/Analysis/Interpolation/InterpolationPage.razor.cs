using LatentDash.Models.Analysis;
using LatentDash.Models.Latent;

namespace LatentDash.Web.Analysis.Interpolation;

/// <summary>The interpolation between two samples: their latent means joined by a line or an arc, decoded as a strip.
/// The view lives in the URL (<see cref="InterpolationView"/>); the model comes from the circuit's
/// <see cref="Explorer.ExplorerSession"/>, so arriving from the explorer does not load it again.</summary>
public sealed partial class InterpolationPage
{
    private InterpolationFigure? shown;

    protected override string Path => "/interpolation";

    private string DownloadName => $"interpolation-{View.Model}-{shown?.Sample}-{shown?.To}.png";

    // Another model: the samples and class meant the last one.
    protected override InterpolationView ForModel(InterpolationView current, ModelChoice choice) =>
        new() { Dataset = choice.Dataset, Run = choice.Run, Model = choice.Model, Steps = current.Steps, Path = current.Path };

    /// <summary>Checks the view against the model and fills in the samples it leaves open.</summary>
    protected override InterpolationView Fit(InterpolationView view, ExplorableModel model, ICollection<string> problems)
    {
        var fitted = view.FitTo(model.Shape, problems);
        var sample = fitted.Sample ?? 0;
        return fitted with { Sample = sample, To = fitted.To ?? InterpolationFigure.DefaultTarget(model.Space, sample) };
    }

    protected override void Clear() => shown = null;

    protected override Task ShowAsync(ExplorableModel model)
    {
        shown = InterpolationFigure.Build(model, View);
        return Task.CompletedTask;
    }

    private Task OnSampleChanged(int sample) => ChangeAsync(View with { Sample = sample });

    private Task OnToChanged(int to) => ChangeAsync(View with { To = to });

    private Task OnStepsChanged(int steps) => ChangeAsync(View with { Steps = Math.Clamp(steps, InterpolationView.MinSteps, InterpolationView.MaxSteps) });

    private Task OnPathChanged(InterpolationPath path) => ChangeAsync(View with { Path = path });

    private Task OnConditionChanged(int condition) => ChangeAsync(View with { Condition = condition });
}

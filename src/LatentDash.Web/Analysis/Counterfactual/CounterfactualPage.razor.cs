using System.Globalization;
using LatentDash.Jobs.Analysis;
using LatentDash.Models.Analysis;
using LatentDash.Models.Latent;
using LatentDash.Web.Components;
using Microsoft.AspNetCore.Components;

namespace LatentDash.Web.Analysis.Counterfactual;

/// <summary>The counterfactual of a sample: the smallest move in z after which the classifier head calls its decode the
/// target class. The view lives in the URL (<see cref="CounterfactualView"/>), the model comes through the circuit's
/// <see cref="Explorer.ExplorerSession"/>; the search (a second or more of gradient steps) runs on the <see cref="AnalysisRunner"/>
/// and its result is kept in the model's analysis cache.</summary>
public sealed partial class CounterfactualPage
{
    private const int StripScale = 3;

    private readonly TicketFollower<CounterfactualResult> follower;
    private CounterfactualResult? result;
    private string? computeError;
    private bool fromCache;

    public CounterfactualPage() => follower = new(OnTicketChanged);

    private AnalysisTicket<CounterfactualResult>? Ticket => follower.Current;

    [Inject] private AnalysisRunner Runner { get; set; } = default!;

    [Inject] private ExplorableModelCache ModelCache { get; set; } = default!;

    protected override string Path => "/counterfactual";

    private string ExplorerLink => "/?" + QueryValues.Join([("dataset", View.Dataset), ("run", View.Run), ("model", View.Model)]);

    private static string Percent(double share) => share.ToString("P0", CultureInfo.InvariantCulture);

    private static string Sigmas(double distance) => distance.ToString("0.00", CultureInfo.InvariantCulture) + " σ";

    private string ClassName(int c) =>
        Session.Model is { } model && c < model.Space.ClassNames.Count ? model.Space.ClassNames[c] : QueryValues.Format(c);

    private string Png(float[] pixels)
    {
        var config = Session.Model!.Config;
        return "data:image/png;base64," + Convert.ToBase64String(
            GrayscalePng.Encode(pixels.AsSpan(0, config.Width * config.Height), config.Width, config.Height, StripScale));
    }

    protected override CounterfactualView ForModel(CounterfactualView current, ModelChoice choice) =>
        current with { Dataset = choice.Dataset, Run = choice.Run, Model = choice.Model, Sample = null, Target = null };

    protected override CounterfactualView Fit(CounterfactualView view, ExplorableModel model, ICollection<string> problems) =>
        view.FitTo(model.Space.Count, model.Config.ClassCount, problems);

    protected override void Clear()
    {
        Detach();
        (result, computeError) = (null, null);
    }

    protected override Task ShowAsync(ExplorableModel model)
    {
        Start(model);
        return Task.CompletedTask;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Detach();
        }

        base.Dispose(disposing);
    }

    /// <summary>Shows the cached counterfactual of the view's settings, or queues its search.</summary>
    private void Start(ExplorableModel model)
    {
        Detach();
        (result, computeError, fromCache) = (null, null, false);
        if (!model.HasClassifier || View.Settings is not { } settings)
        {
            return;
        }

        var directory = model.Experiment.Directory;
        if (AnalysisCache.TryRead<CounterfactualResult>(directory, settings.CacheName, out var cached))
        {
            (result, fromCache) = (cached, true);
            return;
        }

        var (run, modelName, cache) = (View.Run!, View.Model!, ModelCache);
        follower.Follow(Runner.Enqueue(directory + "|" + settings.CacheName, (_, token) =>
            LeasedAnalysis.ReadOrCompute(cache, run, modelName, settings.CacheName, model => CounterfactualSearch.Find(model, settings, token), token)));
        Collect();
    }

    private void OnTicketChanged() => _ = InvokeAsync(() =>
    {
        Collect();
        StateHasChanged();
    });

    private void Collect()
    {
        if (Ticket is { IsCompleted: true } done)
        {
            (result, computeError) = (done.Result, done.Error is { } e ? $"The counterfactual could not be searched: {e}" : null);
        }
    }

    private void Detach() => follower.Stop();

    private Task OnSampleChanged(int? sample)
    {
        if (Session.Model is { } model && sample is { } s && (s < 0 || s >= model.Space.Count))
        {
            return Task.CompletedTask;
        }

        return ChangeAsync(View with { Sample = sample });
    }

    private Task OnTargetChanged(int? target) => ChangeAsync(View with { Target = target });

    private Task OnProbabilityChanged(double p) =>
        ChangeAsync(View with { Probability = Math.Clamp(p, CounterfactualSettings.MinProbability, CounterfactualSettings.MaxProbability) });
}

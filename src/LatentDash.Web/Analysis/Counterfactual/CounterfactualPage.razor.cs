using System.Globalization;
using LatentDash.Jobs.Analysis;
using LatentDash.Models.Analysis;
using LatentDash.Models.Experiments;
using LatentDash.Models.Latent;
using LatentDash.Web.Explorer;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;

namespace LatentDash.Web.Analysis.Counterfactual;

/// <summary>The counterfactual of a sample: the smallest move in z after which the classifier head calls its decode the
/// target class. The view lives in the URL (<see cref="CounterfactualView"/>), the model comes through the circuit's
/// <see cref="ExplorerSession"/>; the search (a second or more of gradient steps) runs on the <see cref="AnalysisRunner"/>
/// and its result is kept in the model's analysis cache.</summary>
public sealed partial class CounterfactualPage : IDisposable
{
    private const string Path = "/counterfactual";
    private const int StripScale = 3;

    private IReadOnlyList<ExperimentEntry> entries = [];
    private List<string> urlErrors = [];
    private CounterfactualView view = new();
    private AnalysisTicket<CounterfactualResult>? ticket;
    private CounterfactualResult? result;
    private string? computeError;
    private bool fromCache;
    private int opens;
    private int opened = -1;
    private bool awaitingInteractivity;

    [Inject] private IExperimentIndex Index { get; set; } = default!;

    [Inject] private ExplorerSession Session { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [Inject] private AnalysisRunner Runner { get; set; } = default!;

    [Inject] private ExplorableModelCache ModelCache { get; set; } = default!;

    private bool Loading => awaitingInteractivity || Session.IsLoading;

    private string ExplorerLink => "/?" + QueryValues.Join([("dataset", view.Dataset), ("run", view.Run), ("model", view.Model)]);

    protected override async Task OnInitializedAsync()
    {
        entries = [.. Index.Query(new ExperimentQuery()).Where(e => e.Status == ExperimentStatus.Complete)];
        view = Resolve(CounterfactualView.Parse(new Uri(Navigation.Uri).Query, out var errors), urlErrors);
        urlErrors.InsertRange(0, errors);
        if (!RendererInfo.IsInteractive)
        {
            awaitingInteractivity = view.Model is not null;
            return;
        }

        Navigation.LocationChanged += OnLocationChanged;
        await OpenModelAsync();
        UpdateUrl(push: false);
    }

    public void Dispose()
    {
        Navigation.LocationChanged -= OnLocationChanged;
        Detach();
        Session.CloseIfStill(opened);
    }

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

    private CounterfactualView Resolve(CounterfactualView parsed, ICollection<string> problems)
    {
        var choice = ModelChoice.Resolve(parsed.Dataset, parsed.Run, parsed.Model, entries, problems);
        var sameModel = choice.Run == parsed.Run && choice.Model == parsed.Model;
        // A sample of another model means nothing here.
        return parsed with { Dataset = choice.Dataset, Run = choice.Run, Model = choice.Model, Sample = sameModel ? parsed.Sample : null };
    }

    private async Task OnSelectionChangedAsync((string? Dataset, string? Run, string? Model) selection)
    {
        view = view with { Dataset = selection.Dataset, Run = selection.Run, Model = selection.Model, Sample = null, Target = null };
        urlErrors = [];
        UpdateUrl();
        await OpenModelAsync();
    }

    private async Task OpenModelAsync()
    {
        var mine = ++opens;
        Detach();
        (result, computeError) = (null, null);
        if (view.Run is not { } run || view.Model is not { } name)
        {
            Session.Close();
            opened = Session.Generation;
            return;
        }

        var opening = Session.OpenAsync(run, name);
        opened = Session.Generation;
        StateHasChanged();
        if (!await opening || mine != opens || Session.Model is not { } model)
        {
            return;
        }

        view = view.FitTo(model.Space.Count, model.Config.ClassCount, urlErrors);
        Start(model);
    }

    /// <summary>Shows the cached counterfactual of the view's settings, or queues its search.</summary>
    private void Start(ExplorableModel model)
    {
        Detach();
        (result, computeError, fromCache) = (null, null, false);
        if (!model.HasClassifier || view.Settings is not { } settings)
        {
            return;
        }

        var directory = model.Experiment.Directory;
        if (AnalysisCache.TryRead<CounterfactualResult>(directory, settings.CacheName, out var cached))
        {
            (result, fromCache) = (cached, true);
            return;
        }

        var (run, modelName, cache) = (view.Run!, view.Model!, ModelCache);
        ticket = Runner.Enqueue(directory + "|" + settings.CacheName, (_, token) => Compute(cache, run, modelName, settings, token));
        ticket.Changed += OnTicketChanged;
        Collect();
    }

    /// <summary>Runs on the runner's thread with a lease of its own on the model.</summary>
    private static CounterfactualResult Compute(
        ExplorableModelCache cache, string run, string model, CounterfactualSettings settings, CancellationToken token)
    {
        using var lease = cache.AcquireAsync(run, model, token).GetAwaiter().GetResult();
        var directory = lease.Model.Experiment.Directory;
        if (AnalysisCache.TryRead<CounterfactualResult>(directory, settings.CacheName, out var cached))
        {
            return cached;
        }

        var found = CounterfactualSearch.Find(lease.Model, settings, token);
        AnalysisCache.Write(directory, settings.CacheName, found);
        return found;
    }

    private void OnTicketChanged() => _ = InvokeAsync(() =>
    {
        Collect();
        StateHasChanged();
    });

    private void Collect()
    {
        if (ticket is { IsCompleted: true } done)
        {
            (result, computeError) = (done.Result, done.Error is { } e ? $"The counterfactual could not be searched: {e}" : null);
        }
    }

    private void Detach()
    {
        if (ticket is not null)
        {
            ticket.Changed -= OnTicketChanged;
            ticket = null;
        }
    }

    private void OnSampleChanged(int? sample)
    {
        if (Session.Model is { } model && sample is { } s && (s < 0 || s >= model.Space.Count))
        {
            return;
        }

        Change(view with { Sample = sample });
    }

    private void OnTargetChanged(int? target) => Change(view with { Target = target });

    private void OnProbabilityChanged(double p) =>
        Change(view with { Probability = Math.Clamp(p, CounterfactualSettings.MinProbability, CounterfactualSettings.MaxProbability) });

    private void Change(CounterfactualView next)
    {
        view = next;
        UpdateUrl();
        if (Session.Model is { } model)
        {
            Start(model);
        }
    }

    private void OnLocationChanged(object? sender, LocationChangedEventArgs e) => _ = InvokeAsync(async () =>
    {
        var uri = new Uri(e.Location);
        if (uri.AbsolutePath != Path)
        {
            return;
        }

        var problems = new List<string>();
        var next = Resolve(CounterfactualView.Parse(uri.Query, out var errors), problems);
        if (next.ToQuery() == view.ToQuery())
        {
            return;
        }

        urlErrors = [.. errors, .. problems];
        var sameModel = next.Run == view.Run && next.Model == view.Model;
        view = next;
        if (sameModel && Session.Model is { } model)
        {
            view = view.FitTo(model.Space.Count, model.Config.ClassCount, urlErrors);
            Start(model);
        }
        else
        {
            await OpenModelAsync();
        }

        StateHasChanged();
    });

    private void UpdateUrl(bool push = true)
    {
        var target = Path + "?" + view.ToQuery();
        if (new Uri(Navigation.Uri).PathAndQuery != target)
        {
            Navigation.NavigateTo(target, replace: !push);
        }
    }
}

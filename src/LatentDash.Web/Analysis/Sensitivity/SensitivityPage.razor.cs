using System.Globalization;
using LatentDash.Jobs.Analysis;
using LatentDash.Models.Analysis;
using LatentDash.Models.Experiments;
using LatentDash.Models.Latent;
using LatentDash.Web.Explorer;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;

namespace LatentDash.Web.Analysis.Sensitivity;

/// <summary>The Sobol sensitivity of a model's decoder (and classifier branch) to its latent dimensions. The view lives
/// in the URL (<see cref="SensitivityView"/>); the model comes through the circuit's <see cref="ExplorerSession"/>;
/// the indices are read from the model's analysis cache or computed in the background by the
/// <see cref="AnalysisRunner"/> (with a lease of their own on the model) and written to that cache.</summary>
public sealed partial class SensitivityPage : IDisposable
{
    private const string Path = "/sensitivity";

    private static readonly int[] SampleChoices = [64, 256, 512, 1024, 2048, 4096, 8192, 16_384];

    private IReadOnlyList<ExperimentEntry> entries = [];
    private List<string> urlErrors = [];
    private SensitivityView view = new();
    private AnalysisTicket<SobolReport>? ticket;
    private SobolReport? report;
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

    private IReadOnlyList<string> ClassNames => Session.Model?.Space.ClassNames ?? [];

    private long Evaluations => view.Settings.Evaluations(Session.Model?.Config.LatentDim ?? 0);

    /// <summary>The choices of N the open model allows (N·(d+2) decodes within the bound), and the current one.</summary>
    private IEnumerable<int> SamplesOffered => SampleChoices
        .Where(n => Session.Model is not { } model || n <= SobolSettings.MaxSamplesFor(model.Config.LatentDim))
        .Append(view.Samples)
        .Distinct()
        .Order();

    protected override async Task OnInitializedAsync()
    {
        entries = [.. Index.Query(new ExperimentQuery()).Where(e => e.Status == ExperimentStatus.Complete)];
        view = Resolve(SensitivityView.Parse(new Uri(Navigation.Uri).Query, out var errors), urlErrors);
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

    private string ClassName(int c) => c < ClassNames.Count ? ClassNames[c] : QueryValues.Format(c);

    private SensitivityView Resolve(SensitivityView parsed, ICollection<string> problems)
    {
        var choice = ModelChoice.Resolve(parsed.Dataset, parsed.Run, parsed.Model, entries, problems);
        return parsed with { Dataset = choice.Dataset, Run = choice.Run, Model = choice.Model };
    }

    private async Task OnSelectionChangedAsync((string? Dataset, string? Run, string? Model) selection)
    {
        view = view with { Dataset = selection.Dataset, Run = selection.Run, Model = selection.Model, Sample = null, Condition = null };
        urlErrors = [];
        UpdateUrl();
        await OpenModelAsync();
    }

    private async Task OpenModelAsync()
    {
        var mine = ++opens;
        Detach();
        (report, computeError) = (null, null);
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

        FitCondition(model);
        FitSamples(model);
        Start(model);
    }

    private void FitCondition(ExplorableModel model)
    {
        if (view.Condition is not { } condition)
        {
            return;
        }

        if (!model.DecoderNeedsLabel)
        {
            urlErrors.Add($"cond {condition} is ignored: this model's decoder is not conditioned on a class");
            view = view with { Condition = null };
        }
        else if (condition >= model.Config.ClassCount)
        {
            urlErrors.Add($"cond {condition} is not a class of this model (0..{model.Config.ClassCount - 1}); decoding as the first class");
            view = view with { Condition = null };
        }
    }

    /// <summary>N comes from the URL before the latent size is known; the bound is on N·(d+2), so it is checked here.</summary>
    private void FitSamples(ExplorableModel model)
    {
        var dims = model.Config.LatentDim;
        var most = SobolSettings.MaxSamplesFor(dims);
        if (view.Samples > most)
        {
            urlErrors.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"n {view.Samples:N0} needs {view.Settings.Evaluations(dims):N0} decodes at {dims} latent dimensions (N·(d+2)), more than the {SobolSettings.MaxEvaluations:N0} allowed; using n {most:N0}"));
            view = view with { Samples = most };
            UpdateUrl(push: false);
        }
    }

    /// <summary>Shows the cached indices of the view's settings, or queues their computation.</summary>
    private void Start(ExplorableModel model)
    {
        Detach();
        (report, computeError, fromCache) = (null, null, false);
        var settings = view.Settings;
        var name = settings.CacheName(model.DecoderNeedsLabel);
        var directory = model.Experiment.Directory;
        if (AnalysisCache.TryRead<SobolReport>(directory, name, out var cached))
        {
            (report, fromCache) = (cached, true);
            return;
        }

        var (run, modelName, cache) = (view.Run!, view.Model!, ModelCache);
        ticket = Runner.Enqueue(directory + "|" + name, (progress, token) => Compute(cache, run, modelName, settings, name, progress, token));
        ticket.Changed += OnTicketChanged;
        Collect();
    }

    /// <summary>Runs on the runner's thread, holding its own lease so that leaving the page does not pull the model away.</summary>
    private static SobolReport Compute(
        ExplorableModelCache cache, string run, string model, SobolSettings settings, string name, IProgress<double> progress, CancellationToken token)
    {
        using var lease = cache.AcquireAsync(run, model, token).GetAwaiter().GetResult();
        var directory = lease.Model.Experiment.Directory;
        if (AnalysisCache.TryRead<SobolReport>(directory, name, out var cached))
        {
            return cached;
        }

        var computed = SobolSensitivity.Compute(lease.Model, settings, progress, token);
        AnalysisCache.Write(directory, name, computed);
        return computed;
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
            (report, computeError) = (done.Result, done.Error is { } e ? $"The indices could not be computed: {e}" : null);
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

    private void OnSamplesChanged(int samples) => Change(view with { Samples = samples });

    private void OnDistributionChanged(SobolDistribution distribution) => Change(view with { Distribution = distribution });

    private void OnSeedChanged(int seed) => Change(view with { Seed = Math.Clamp(seed, 0, SensitivityView.MaxSeed) });

    private void OnConditionChanged(int condition) => Change(view with { Condition = condition });

    private void Change(SensitivityView next)
    {
        view = next;
        UpdateUrl();
        if (Session.Model is { } model)
        {
            Start(model);
        }
    }

    /// <summary>Back or Forward between two settings of this page (or a link to another): show what the address names.</summary>
    private void OnLocationChanged(object? sender, LocationChangedEventArgs e) => _ = InvokeAsync(async () =>
    {
        var uri = new Uri(e.Location);
        if (uri.AbsolutePath != Path)
        {
            return;
        }

        var problems = new List<string>();
        var next = Resolve(SensitivityView.Parse(uri.Query, out var errors), problems);
        if (next.ToQuery() == view.ToQuery())
        {
            return;
        }

        urlErrors = [.. errors, .. problems];
        var sameModel = next.Run == view.Run && next.Model == view.Model;
        view = next;
        if (sameModel && Session.Model is { } model)
        {
            FitCondition(model);
            Start(model);
        }
        else
        {
            await OpenModelAsync();
        }

        StateHasChanged();
    });

    /// <summary>Puts the view in the address; a changed setting adds a history entry so that Back returns to the last one.</summary>
    private void UpdateUrl(bool push = true)
    {
        var target = Path + "?" + view.ToQuery();
        if (new Uri(Navigation.Uri).PathAndQuery != target)
        {
            Navigation.NavigateTo(target, replace: !push);
        }
    }
}

using System.Globalization;
using LatentDash.Jobs.Analysis;
using LatentDash.Models.Analysis;
using LatentDash.Models.Latent;
using LatentDash.Web.Components;
using Microsoft.AspNetCore.Components;

namespace LatentDash.Web.Analysis.Sensitivity;

/// <summary>The Sobol sensitivity of a model's decoder (and classifier branch) to its latent dimensions. The view lives
/// in the URL (<see cref="SensitivityView"/>); the model comes through the circuit's <see cref="Explorer.ExplorerSession"/>;
/// the indices are read from the model's analysis cache or computed in the background by the
/// <see cref="AnalysisRunner"/> (with a lease of their own on the model) and written to that cache.</summary>
public sealed partial class SensitivityPage
{
    private static readonly int[] SampleChoices = [64, 256, 512, 1024, 2048, 4096, 8192, 16_384];

    private readonly TicketFollower<SobolReport> follower;
    private SobolReport? report;
    private string? computeError;
    private bool fromCache;

    public SensitivityPage() => follower = new(OnTicketChanged);

    private AnalysisTicket<SobolReport>? Ticket => follower.Current;

    [Inject] private AnalysisRunner Runner { get; set; } = default!;

    [Inject] private ExplorableModelCache ModelCache { get; set; } = default!;

    protected override string Path => "/sensitivity";

    private IReadOnlyList<string> ClassNames => Session.Model?.Space.ClassNames ?? [];

    private long Evaluations => View.Settings.Evaluations(Session.Model?.Config.LatentDim ?? 0);

    /// <summary>The choices of N the open model allows (N·(d+2) decodes within the bound), and the current one.</summary>
    private IEnumerable<int> SamplesOffered => SampleChoices
        .Where(n => Session.Model is not { } model || n <= SobolSettings.MaxSamplesFor(model.Config.LatentDim))
        .Append(View.Samples)
        .Distinct()
        .Order();

    private string ClassName(int c) => c < ClassNames.Count ? ClassNames[c] : QueryValues.Format(c);

    protected override SensitivityView ForModel(SensitivityView current, ModelChoice choice) =>
        current with { Dataset = choice.Dataset, Run = choice.Run, Model = choice.Model, Sample = null, Condition = null };

    /// <summary>The class must be one the decoder is conditioned on, and N·(d+2) within the bound (N comes from the URL
    /// before the latent size is known).</summary>
    protected override SensitivityView Fit(SensitivityView view, ExplorableModel model, ICollection<string> problems)
    {
        if (view.Condition is { } condition && !model.DecoderNeedsLabel)
        {
            problems.Add($"cond {condition} is ignored: this model's decoder is not conditioned on a class");
            view = view with { Condition = null };
        }
        else if (view.Condition is { } c && c >= model.Config.ClassCount)
        {
            problems.Add($"cond {c} is not a class of this model (0..{model.Config.ClassCount - 1}); decoding as the first class");
            view = view with { Condition = null };
        }

        var dims = model.Config.LatentDim;
        var most = SobolSettings.MaxSamplesFor(dims);
        if (view.Samples > most)
        {
            problems.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"n {view.Samples:N0} needs {view.Settings.Evaluations(dims):N0} decodes at {dims} latent dimensions (N·(d+2)), more than the {SobolSettings.MaxEvaluations:N0} allowed; using n {most:N0}"));
            view = view with { Samples = most };
        }

        return view;
    }

    protected override void Clear()
    {
        Detach();
        (report, computeError) = (null, null);
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

    /// <summary>Shows the cached indices of the view's settings, or queues their computation.</summary>
    private void Start(ExplorableModel model)
    {
        Detach();
        (report, computeError, fromCache) = (null, null, false);
        var settings = View.Settings;
        var name = settings.CacheName(model.DecoderNeedsLabel);
        var directory = model.Experiment.Directory;
        if (AnalysisCache.TryRead<SobolReport>(directory, name, out var cached))
        {
            (report, fromCache) = (cached, true);
            return;
        }

        var (run, modelName, cache) = (View.Run!, View.Model!, ModelCache);
        follower.Follow(Runner.Enqueue(directory + "|" + name, (progress, token) =>
            LeasedAnalysis.ReadOrCompute(cache, run, modelName, name, model => SobolSensitivity.Compute(model, settings, progress, token), token)));
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
            (report, computeError) = (done.Result, done.Error is { } e ? $"The indices could not be computed: {e}" : null);
        }
    }

    private void Detach() => follower.Stop();

    private Task OnSamplesChanged(int samples) => ChangeAsync(View with { Samples = samples });

    private Task OnDistributionChanged(SobolDistribution distribution) => ChangeAsync(View with { Distribution = distribution });

    private Task OnSeedChanged(int seed) => ChangeAsync(View with { Seed = Math.Clamp(seed, 0, SensitivityView.MaxSeed) });

    private Task OnConditionChanged(int condition) => ChangeAsync(View with { Condition = condition });
}

using LatentDash.Jobs.Runs;
using LatentDash.Models.Experiments;
using LatentDash.Models.Latent;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace LatentDash.Web.Explorer;

/// <summary>The latent space explorer: pick dataset → run → model, see the splom of the projected latent means, click
/// a point, traverse with one slider per component while the decoded image follows. The whole view lives in the URL.</summary>
public sealed partial class ExplorerPage : IDisposable
{
    private IReadOnlyList<ExperimentEntry> entries = [];
    private IReadOnlyList<string> urlErrors = [];
    private ExplorerView view = new();
    private ExplorableModelLease? lease;
    private ProjectedSpace? projected;
    private string? modelError;
    private bool loading;
    private int maxPoints;
    private IDisposable? trainedSubscription;

    private double[]? sliders;
    private double[] z = [];
    private double[] minimums = [];
    private double[] maximums = [];
    private string[] titles = [];
    private byte[]? decodedPng;
    private byte[]? inputPng;
    private byte[]? reconstructionPng;
    private float[]? probabilities;
    private bool decodeScheduled;
    private double[]? marker;
    private CancellationTokenSource? markerDelay;

    [Inject] private IExperimentIndex Index { get; set; } = default!;

    [Inject] private ExplorableModelCache Cache { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [Inject] private IOptions<WebOptions> Options { get; set; } = default!;

    [Inject] private TrainingRepository Trainings { get; set; } = default!;

    [Inject] private TrainingNotifications Notifications { get; set; } = default!;

    private ExperimentEntry? Entry => entries.FirstOrDefault(e => e.Run == view.Run && e.Model == view.Model);

    private int MinComponents => Math.Min(2, lease?.Model.Config.LatentDim ?? 2);

    protected override async Task OnInitializedAsync()
    {
        maxPoints = Options.Value.MaxPoints;
        entries = CompleteModels();
        trainedSubscription = Notifications.SubscribeToTrainedModels(OnModelTrained);
        var parsed = ExplorerView.Parse(new Uri(Navigation.Uri).Query, out var errors);
        var problems = errors.ToList();
        view = Resolve(parsed, problems);
        urlErrors = problems;
        await LoadModelAsync(keepSelection: true);
    }

    public void Dispose()
    {
        trainedSubscription?.Dispose();
        markerDelay?.Cancel();
        markerDelay?.Dispose();
        lease?.Dispose();
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
            view = Resolve(view, []);
            await LoadModelAsync(keepSelection: false);
            UpdateUrl();
        }

        StateHasChanged();
    });

    /// <summary>Fills in what the URL leaves open (the first dataset, run and model) and drops what names nothing.</summary>
    private ExplorerView Resolve(ExplorerView requested, List<string> problems)
    {
        if (entries.Count == 0)
        {
            return requested;
        }

        var resolved = requested;
        if (requested.Model is not null && entries.FirstOrDefault(e => e.Run == requested.Run && e.Model == requested.Model) is { } named)
        {
            return resolved with { Dataset = named.Dataset };
        }

        if (requested.Model is not null || (requested.Run is not null && entries.All(e => e.Run != requested.Run)))
        {
            problems.Add($"model '{requested.Run}/{requested.Model}' is not in the index; showing the first model instead");
            resolved = new ExplorerView();
        }

        var dataset = resolved.Dataset is { } d && entries.Any(e => e.Dataset == d) ? d : entries.Select(e => e.Dataset).Order(StringComparer.Ordinal).First();
        var run = resolved.Run is { } r && entries.Any(e => e.Dataset == dataset && e.Run == r)
            ? r
            : entries.Where(e => e.Dataset == dataset).Select(e => e.Run).Order(StringComparer.Ordinal).First();
        var model = entries.Where(e => e.Dataset == dataset && e.Run == run).Select(e => e.Model).Order(StringComparer.Ordinal).First();
        return resolved with { Dataset = dataset, Run = run, Model = model, Sample = null, Sliders = null };
    }

    private async Task OnSelectionChangedAsync((string? Dataset, string? Run, string? Model) selection)
    {
        view = new ExplorerView { Dataset = selection.Dataset, Run = selection.Run, Model = selection.Model, Projection = view.Projection, Range = view.Range };
        urlErrors = [];
        await LoadModelAsync(keepSelection: false);
        UpdateUrl();
    }

    private async Task LoadModelAsync(bool keepSelection)
    {
        lease?.Dispose();
        lease = null;
        projected = null;
        sliders = null;
        marker = null;
        modelError = null;
        if (view.Run is null || view.Model is null)
        {
            return;
        }

        loading = true;
        StateHasChanged();
        try
        {
            lease = await Cache.AcquireAsync(view.Run, view.Model);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or ArgumentException or Models.Data.DatasetFormatException)
        {
            modelError = $"Model {view.Run}/{view.Model} could not be opened: {ex.Message}";
        }
        finally
        {
            loading = false;
        }

        if (lease is null)
        {
            return;
        }

        var dimensions = lease.Model.Config.LatentDim;
        var components = Math.Clamp(view.Components ?? Math.Min(4, dimensions), MinComponents, dimensions);
        if (view.Components is { } asked && asked != components)
        {
            urlErrors = [.. urlErrors, $"k {asked} is more than this model's {dimensions} latent dimensions; showing {components}"];
        }

        view = view with { Components = components };
        Project();
        if (keepSelection)
        {
            RestoreSelection();
        }
        else
        {
            view = view with { Sample = null, Sliders = null };
        }
    }

    /// <summary>Brings back the sample and slider values the URL carried, checked against the model.</summary>
    private void RestoreSelection()
    {
        if (view.Sample is { } sample && sample >= projected!.Count)
        {
            urlErrors = [.. urlErrors, $"sample {sample} is beyond the {projected.Count} validation images"];
            view = view with { Sample = null };
        }

        if (view.Sliders is { } values && values.Count != projected!.Components)
        {
            urlErrors = [.. urlErrors, $"z has {values.Count} values but {projected.Components} components are shown"];
            view = view with { Sliders = null };
        }

        if (view.Sample is not null || view.Sliders is not null)
        {
            Select(view.Sample, view.Sliders?.ToArray());
        }
    }

    private void Project()
    {
        var model = lease!.Model;
        projected = ProjectedSpace.Create(model.Space, model.Projection(view.Projection), view.Components!.Value);
        titles = [.. Enumerable.Range(0, projected.Components).Select(projected.Projection.AxisTitle)];
    }

    private void OnPointSelected(int sample)
    {
        Select(sample, null);
        UpdateUrl();
    }

    /// <summary>Selects a sample (sliders at its coordinates) or free slider values, then decodes.</summary>
    private void Select(int? sample, double[]? values)
    {
        var model = lease!.Model;
        view = view with { Sample = sample };
        sliders = values ?? projected!.CoordinatesOf(sample!.Value);
        inputPng = sample is { } s ? Png(model.InputImage(s)) : null;
        reconstructionPng = sample is { } r ? Png(model.Reconstruction(r)) : null;
        SetRanges();
        Decode();
        marker = [.. sliders];
    }

    private void SetRanges()
    {
        var k = projected!.Components;
        var stats = projected.Statistics;
        minimums = new double[k];
        maximums = new double[k];
        var spread = view.Range == SliderRange.ThreeStd ? 3 : 1;
        for (var c = 0; c < k; c++)
        {
            if (view.Range == SliderRange.Global || view.Sample is null)
            {
                (minimums[c], maximums[c]) = (stats.Min[c], stats.Max[c]);
            }
            else
            {
                var label = projected.Labels[view.Sample.Value];
                var std = Math.Max(stats.Std[label, c], 1e-3);
                (minimums[c], maximums[c]) = (stats.Mean[label, c] - (spread * std), stats.Mean[label, c] + (spread * std));
            }

            // The current value is always reachable.
            minimums[c] = Math.Min(minimums[c], sliders![c]);
            maximums[c] = Math.Max(maximums[c], sliders[c]);
        }
    }

    private void Decode()
    {
        var model = lease!.Model;
        z = projected!.Projection.InverseTransform(sliders);
        var label = view.Condition ?? (view.Sample is { } s ? projected.Labels[s] : 0);
        var pixels = model.Decode(z, label);
        decodedPng = Png(pixels);
        probabilities = model.ClassProbabilities(pixels);
        view = view with { Sliders = [.. sliders!] };
    }

    /// <summary>Moves a slider; a fast drag is coalesced: only the latest values are decoded.</summary>
    private async Task OnSliderMoved((int Component, double Value) move)
    {
        if (sliders is null)
        {
            return;
        }

        sliders[move.Component] = move.Value;
        if (decodeScheduled)
        {
            return;
        }

        decodeScheduled = true;
        await Task.Yield();
        decodeScheduled = false;
        Decode();
        WhenDragPauses();
    }

    /// <summary>The image follows every step; the splom's marker and the address follow once the drag pauses, so
    /// neither redrawing the WebGL scene nor a navigation delays the next image.</summary>
    private void WhenDragPauses()
    {
        markerDelay?.Cancel();
        markerDelay?.Dispose();
        markerDelay = new CancellationTokenSource();
        var token = markerDelay.Token;
        _ = Task.Delay(150, token).ContinueWith(
            _ => InvokeAsync(() =>
            {
                if (!token.IsCancellationRequested && sliders is not null)
                {
                    marker = [.. sliders];
                    UpdateUrl();
                    StateHasChanged();
                }
            }),
            token,
            TaskContinuationOptions.OnlyOnRanToCompletion,
            TaskScheduler.Default);
    }

    private async Task OnProjectionChangedAsync(string projection)
    {
        view = view with { Projection = projection, Sliders = null };
        Project();
        ReselectSample();
        UpdateUrl();
        await Task.CompletedTask;
    }

    private async Task OnComponentsChangedAsync(int components)
    {
        view = view with { Components = components, Sliders = null };
        Project();
        ReselectSample();
        UpdateUrl();
        await Task.CompletedTask;
    }

    private void ReselectSample()
    {
        sliders = null;
        marker = null;
        if (view.Sample is { } sample)
        {
            Select(sample, null);
        }
    }

    private void OnRangeChanged(SliderRange range)
    {
        view = view with { Range = range };
        if (sliders is not null)
        {
            SetRanges();
        }

        UpdateUrl();
    }

    private void OnConditionChanged(int condition)
    {
        view = view with { Condition = condition };
        if (sliders is not null)
        {
            Decode();
        }

        UpdateUrl();
    }

    private byte[] Png(float[] pixels)
    {
        var config = lease!.Model.Config;
        return GrayscalePng.Encode(pixels.AsSpan(0, config.Height * config.Width), config.Width, config.Height, scale: 6);
    }

    private void UpdateUrl() => Navigation.NavigateTo("/?" + view.ToQuery(), replace: true);
}

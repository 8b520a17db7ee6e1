using LatentDash.Models.Analysis;
using LatentDash.Models.Data;
using LatentDash.Models.Experiments;
using LatentDash.Models.Latent;
using LatentDash.Web.Explorer;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;

namespace LatentDash.Web.Analysis.Reconstructions;

/// <summary>Reconstructions side by side: chosen validation images, and per model (one column each) the decode of μ and
/// K decodes of draws from q(z|x). The first column's model comes from the circuit's <see cref="ExplorerSession"/>,
/// the others are held by a page-owned <see cref="ModelLeases"/>; each column loads and decodes on its own, off the
/// circuit, and a column that fails shows why while the others render.</summary>
public sealed partial class ReconstructionsPage : IDisposable
{
    private const int CellScale = 2;
    private const string CellStyle = "padding:4px 8px;vertical-align:top;text-align:left;border-bottom:1px solid #eee";
    private const string CaptionStyle = "font-size:0.7rem;color:#555;font-family:ui-monospace,monospace;white-space:nowrap";

    private readonly Dictionary<string, ColumnState> states = new(StringComparer.Ordinal);
    private ModelLeases leases = default!;
    private IReadOnlyList<ExperimentEntry> entries = [];
    private IReadOnlyList<ExperimentEntry> columns = [];
    private List<string> urlErrors = [];
    private List<string> sampleErrors = [];
    private ReconstructionsView view = new();
    private IReadOnlyList<int>? samples;
    private byte[]? figurePng;
    private int generation;
    private int opened = -1;
    private bool awaitingInteractivity;
    private bool disposed;

    [Inject] private IExperimentIndex Index { get; set; } = default!;

    [Inject] private ExplorerSession Session { get; set; } = default!;

    [Inject] private ExplorableModelCache Cache { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    private bool Loading => awaitingInteractivity;

    private string? SamplesText => view.Samples is { } list ? QueryValues.Format(list) : null;

    protected override async Task OnInitializedAsync()
    {
        entries = [.. Index.Query(new ExperimentQuery()).Where(e => e.Status == ExperimentStatus.Complete)];
        view = Resolve(ReconstructionsView.Parse(new Uri(Navigation.Uri).Query, out var errors), urlErrors);
        urlErrors.InsertRange(0, errors);
        columns = view.Columns(entries, urlErrors);
        if (!RendererInfo.IsInteractive)
        {
            // The prerendered page only promises the models: loading them there would be thrown away with its scope.
            awaitingInteractivity = columns.Count > 0;
            return;
        }

        leases = new ModelLeases(Cache);
        leases.Changed += OnLeasesChanged;
        Navigation.LocationChanged += OnLocationChanged;
        await OpenAsync();
    }

    public void Dispose()
    {
        disposed = true;
        Navigation.LocationChanged -= OnLocationChanged;
        if (leases is not null)
        {
            leases.Changed -= OnLeasesChanged;
            leases.Dispose();
        }

        Session.CloseIfStill(opened);
    }

    /// <summary>Fills in the first column's model the way the explorer does.</summary>
    private ReconstructionsView Resolve(ReconstructionsView parsed, ICollection<string> problems)
    {
        var choice = ModelChoice.Resolve(parsed.Dataset, parsed.Run, parsed.Model, entries, problems);
        return parsed with { Dataset = choice.Dataset, Run = choice.Run, Model = choice.Model };
    }

    /// <summary>Borrows the columns' models (the first through the session, the others through the holder) and starts
    /// every column that is ready.</summary>
    private async Task OpenAsync()
    {
        var mine = Restart();
        leases.Set(columns.Skip(1).Select(e => (e.Run, e.Model)));
        if (columns.Count == 0)
        {
            return;
        }

        var first = columns[0];
        if (!IsSessionModel(first))
        {
            var opening = Session.OpenAsync(first.Run, first.Model);
            opened = Session.Generation;
            StartReadyColumns();
            StateHasChanged();
            await opening;
        }
        else
        {
            opened = Session.Generation;
        }

        if (mine == generation && !disposed)
        {
            StartReadyColumns();
        }
    }

    /// <summary>Forgets every column's images (the images or models changed); returns the new generation.</summary>
    private int Restart()
    {
        generation++;
        states.Clear();
        samples = null;
        sampleErrors = [];
        figurePng = null;
        return generation;
    }

    private bool IsSessionModel(ExperimentEntry entry) =>
        Session.Model is { } model && model.Experiment.Params.Run == entry.Run && model.Experiment.Params.Model == entry.Model;

    private void OnLeasesChanged() => _ = InvokeAsync(() =>
    {
        if (!disposed)
        {
            StartReadyColumns();
            StateHasChanged();
        }
    });

    /// <summary>The model of a column if it has arrived, or why it will not.</summary>
    private (ExplorableModel? Model, string? Error) ModelOf(int column)
    {
        var entry = columns[column];
        if (column == 0)
        {
            return IsSessionModel(entry) ? (Session.Model, null) : (null, Session.IsLoading ? null : Session.Error);
        }

        return leases.Find(entry.Run, entry.Model) is { } held ? (held.Model, held.Error) : (null, null);
    }

    private bool ModelReady(int column) => ModelOf(column).Model is not null;

    private void StartReadyColumns()
    {
        for (var c = 0; c < columns.Count; c++)
        {
            var state = StateOf(columns[c]);
            if (state.Started || state.Error is not null)
            {
                continue;
            }

            var (model, error) = ModelOf(c);
            if (error is not null)
            {
                state.Error = error;
            }
            else if (model is not null)
            {
                state.Started = true;
                _ = ComputeAsync(columns[c], state, model.Space);
            }
        }
    }

    /// <summary>Decodes one column in the background, holding its own lease meanwhile: the page may let the model go
    /// (another choice, leaving) while the decode runs.</summary>
    private async Task ComputeAsync(ExperimentEntry entry, ColumnState state, LatentSpace space)
    {
        var mine = generation;
        var shown = samples ??= view.SamplesIn(space, sampleErrors);
        var (k, seed) = (view.K, view.Seed);
        try
        {
            using var lease = await Cache.AcquireAsync(entry.Run, entry.Model);
            var images = await Task.Run(() => ColumnImages.Render(lease.Model, shown, k, seed));
            if (mine != generation || disposed)
            {
                return;
            }

            state.Images = images;
            if (columns.All(c => StateOf(c).Images is not null || StateOf(c).Error is not null) && columns.Any(c => StateOf(c).Images is not null))
            {
                var sets = columns.Select(c => StateOf(c).Images?.Set).OfType<ReconstructionSet>().ToList();
                figurePng = await Task.Run(() => ReconstructionSet.FigurePng(sets));
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or ArgumentException or DatasetFormatException or ObjectDisposedException)
        {
            if (mine == generation)
            {
                state.Error = $"Model {entry.Run}/{entry.Model} could not be decoded: {ex.Message}";
            }
        }

        if (mine == generation && !disposed)
        {
            StateHasChanged();
        }
    }

    private ColumnState StateOf(ExperimentEntry entry)
    {
        var key = entry.Run + "/" + entry.Model;
        if (!states.TryGetValue(key, out var state))
        {
            states[key] = state = new ColumnState();
        }

        return state;
    }

    private ColumnImages? FirstImages() => columns.Select(c => StateOf(c).Images).FirstOrDefault(i => i is not null);

    private static string ClassName(ColumnImages images, int row) => images.ClassNames[images.Labels[row]];

    /// <summary>Models that may join the first one's columns: complete ones trained on the same dataset.</summary>
    private IEnumerable<string> Comparable() =>
        entries.Where(e => e.Dataset == view.Dataset && !(e.Run == view.Run && e.Model == view.Model))
            .Select(e => e.Run + "/" + e.Model).Order(StringComparer.Ordinal);

    private IEnumerable<string> OthersInRun() =>
        entries.Where(e => e.Run == view.Run && e.Model != view.Model).Select(e => e.Run + "/" + e.Model).Order(StringComparer.Ordinal);

    private async Task OnSelectionChangedAsync((string? Dataset, string? Run, string? Model) selection)
    {
        // Models of another dataset cannot stand beside the new one.
        var models = selection.Dataset == view.Dataset ? view.Models.Where(m => m != $"{selection.Run}/{selection.Model}").ToList() : [];
        await ChangeModelsAsync(view with { Dataset = selection.Dataset, Run = selection.Run, Model = selection.Model, Models = models });
    }

    private Task OnModelsChangedAsync(IEnumerable<string>? models) =>
        ChangeModelsAsync(view with { Models = [.. (models ?? []).Take(ReconstructionsView.MaxModels)] });

    private Task AllOfRunAsync() => ChangeModelsAsync(view with { Models = [.. OthersInRun().Take(ReconstructionsView.MaxModels)] });

    private async Task ChangeModelsAsync(ReconstructionsView next)
    {
        view = next;
        urlErrors = [];
        columns = view.Columns(entries, urlErrors);
        UpdateUrl();
        await OpenAsync();
    }

    private void OnSamplesChanged(string? text)
    {
        var problems = new List<string>();
        var listed = string.IsNullOrWhiteSpace(text) ? null : QueryValues.WholeNumbers(text.Replace(" ", "", StringComparison.Ordinal), "samples", 0, int.MaxValue, ReconstructionsView.MaxSamples, problems);
        urlErrors = problems;
        if (problems.Count == 0)
        {
            ChangeImages(view with { Samples = listed, Draw = listed is null ? view.Draw : null });
        }
    }

    private void OnDrawChanged(int? draw) =>
        ChangeImages(view with { Draw = draw is { } d ? Math.Clamp(d, 1, ReconstructionsView.MaxDrawPerClass) : null, Samples = draw is null ? view.Samples : null });

    private void OnSeedChanged(int seed) => ChangeImages(view with { Seed = Math.Max(0, seed) });

    private void OnKChanged(int k) => ChangeImages(view with { K = Math.Clamp(k, 0, ReconstructionSet.MaxDraws) });

    /// <summary>Other images or draws on the same models: every column decodes again.</summary>
    private void ChangeImages(ReconstructionsView next)
    {
        if (next.Equals(view))
        {
            return;
        }

        view = next;
        UpdateUrl();
        Restart();
        StartReadyColumns();
    }

    /// <summary>Back or Forward: the address names another view of this page; show it.</summary>
    private void OnLocationChanged(object? sender, LocationChangedEventArgs e) => _ = InvokeAsync(async () =>
    {
        var uri = new Uri(e.Location);
        if (disposed || uri.AbsolutePath != "/reconstructions")
        {
            return;
        }

        var problems = new List<string>();
        var next = Resolve(ReconstructionsView.Parse(uri.Query, out var errors), problems);
        if (next.Equals(view))
        {
            return;
        }

        urlErrors = [.. errors, .. problems];
        var nextColumns = next.Columns(entries, urlErrors);
        var sameModels = nextColumns.Select(c => c.Id).SequenceEqual(columns.Select(c => c.Id));
        view = next;
        columns = nextColumns;
        if (sameModels)
        {
            Restart();
            StartReadyColumns();
        }
        else
        {
            await OpenAsync();
        }

        StateHasChanged();
    });

    /// <summary>Puts the view in the address; every change here is discrete, so each adds a history entry.</summary>
    private void UpdateUrl()
    {
        var target = "/reconstructions?" + view.ToQuery();
        if (new Uri(Navigation.Uri).PathAndQuery != target)
        {
            Navigation.NavigateTo(target, replace: false);
        }
    }

    private static string DataUrl(byte[] png) => "data:image/png;base64," + Convert.ToBase64String(png);

    /// <summary>A column's progress: started once its model arrived; images or an error at the end.</summary>
    private sealed class ColumnState
    {
        public bool Started { get; set; }

        public ColumnImages? Images { get; set; }

        public string? Error { get; set; }
    }

    /// <summary>One column's reconstructions with every cell already encoded as PNG (encoded off the circuit).</summary>
    private sealed record ColumnImages(ReconstructionSet Set, byte[][] Inputs, byte[][] Cells, byte[] ColumnPng, byte[] Labels, IReadOnlyList<string> ClassNames)
    {
        public static ColumnImages Render(ExplorableModel model, IReadOnlyList<int> samples, int k, int seed)
        {
            var set = ReconstructionSet.Compute(model, samples, k, seed);
            var (width, height) = (set.Width, set.Height);
            var inputs = Enumerable.Range(0, samples.Count).Select(r => GrayscalePng.Encode(set.Input(r), width, height, CellScale)).ToArray();
            var cells = Enumerable.Range(0, samples.Count * (1 + k))
                .Select(i => GrayscalePng.Encode(set.Decode(i / (1 + k), i % (1 + k)), width, height, CellScale)).ToArray();
            var column = ReconstructionSet.FigurePng([set]);
            return new ColumnImages(set, inputs, cells, column, [.. samples.Select(s => model.Space.Labels[s])], model.Space.ClassNames);
        }
    }
}

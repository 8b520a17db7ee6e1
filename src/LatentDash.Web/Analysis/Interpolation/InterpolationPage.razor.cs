using LatentDash.Models.Analysis;
using LatentDash.Models.Experiments;
using LatentDash.Web.Explorer;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;

namespace LatentDash.Web.Analysis.Interpolation;

/// <summary>The interpolation between two samples: their latent means joined by a line or an arc, decoded as a strip.
/// The view lives in the URL (<see cref="InterpolationView"/>); the model comes from the circuit's
/// <see cref="ExplorerSession"/>, so arriving from the explorer does not load it again.</summary>
public sealed partial class InterpolationPage : IDisposable
{
    private IReadOnlyList<ExperimentEntry> entries = [];
    private List<string> urlErrors = [];
    private InterpolationView view = new();
    private InterpolationFigure? shown;
    private int opens;
    private int opened = -1;
    private bool awaitingInteractivity;

    [Inject] private IExperimentIndex Index { get; set; } = default!;

    [Inject] private ExplorerSession Session { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    // The prerendered page only promises the model: loading it there would be thrown away with the prerender's scope.
    private bool Loading => awaitingInteractivity || Session.IsLoading;

    private string DownloadName => $"interpolation-{view.Model}-{shown?.Sample}-{shown?.To}.png";

    protected override async Task OnInitializedAsync()
    {
        entries = [.. Index.Query(new ExperimentQuery()).Where(e => e.Status == ExperimentStatus.Complete)];
        view = Resolve(new Uri(Navigation.Uri).Query, urlErrors);
        if (!RendererInfo.IsInteractive)
        {
            awaitingInteractivity = view.Model is not null;
            return;
        }

        Navigation.LocationChanged += OnLocationChanged;
        await OpenModelAsync();
    }

    public void Dispose()
    {
        Navigation.LocationChanged -= OnLocationChanged;
        Session.CloseIfStill(opened);
    }

    /// <summary>Parses an address and fills in the model the way the explorer does.</summary>
    private InterpolationView Resolve(string query, List<string> problems)
    {
        var parsed = InterpolationView.Parse(query, out var errors);
        problems.AddRange(errors);
        var choice = ModelChoice.Resolve(parsed.Dataset, parsed.Run, parsed.Model, entries, problems);
        return parsed with { Dataset = choice.Dataset, Run = choice.Run, Model = choice.Model };
    }

    private async Task OnSelectionChangedAsync((string? Dataset, string? Run, string? Model) selection)
    {
        // Another model: the samples and class meant the last one.
        view = new InterpolationView { Dataset = selection.Dataset, Run = selection.Run, Model = selection.Model, Steps = view.Steps, Path = view.Path };
        urlErrors = [];
        await OpenModelAsync();
        UpdateUrl();
    }

    private async Task OpenModelAsync()
    {
        var mine = ++opens;
        shown = null;
        if (view.Run is not { } run || view.Model is not { } name)
        {
            Session.Close();
            opened = Session.Generation;
            return;
        }

        var opening = Session.OpenAsync(run, name);
        opened = Session.Generation;
        StateHasChanged();
        // A later choice overtook this one while it loaded: that one owns the session now.
        if (!await opening || mine != opens || Session.Model is null)
        {
            return;
        }

        var chosen = view.Sample is not null && view.To is not null;
        Show();
        if (!chosen)
        {
            // Samples were taken for the user: name them in the address, so a copy of it shows the same strip.
            UpdateUrl(push: false);
        }
    }

    /// <summary>Checks the view against the open model, fills in the samples it leaves open, and draws it.</summary>
    private void Show()
    {
        if (Session.Model is not { } model)
        {
            return;
        }

        view = view.FitTo(model.Shape, urlErrors);
        var sample = view.Sample ?? 0;
        view = view with { Sample = sample, To = view.To ?? InterpolationFigure.DefaultTarget(model.Space, sample) };
        shown = InterpolationFigure.Build(model, view);
    }

    /// <summary>Back or Forward, or a link to another interpolation: show the view the address names.</summary>
    private void OnLocationChanged(object? sender, LocationChangedEventArgs e) => _ = InvokeAsync(async () =>
    {
        var uri = new Uri(e.Location);
        if (uri.AbsolutePath != "/interpolation")
        {
            return;
        }

        var problems = new List<string>();
        var next = Resolve(uri.Query, problems);
        if (next == view)
        {
            return;
        }

        urlErrors = problems;
        var sameModel = next.Run == view.Run && next.Model == view.Model;
        view = next;
        if (sameModel && Session.Model is not null)
        {
            Show();
        }
        else
        {
            await OpenModelAsync();
        }

        StateHasChanged();
    });

    private void OnSampleChanged(int sample) => Change(view with { Sample = sample });

    private void OnToChanged(int to) => Change(view with { To = to });

    private void OnStepsChanged(int steps) => Change(view with { Steps = Math.Clamp(steps, InterpolationView.MinSteps, InterpolationView.MaxSteps) });

    private void OnPathChanged(InterpolationPath path) => Change(view with { Path = path });

    private void OnConditionChanged(int condition) => Change(view with { Condition = condition });

    /// <summary>A control changed the view: draw it and add it to the history, so Back returns to the one before.</summary>
    private void Change(InterpolationView next)
    {
        if (next == view)
        {
            return;
        }

        urlErrors = [];
        view = next;
        Show();
        UpdateUrl();
    }

    private void UpdateUrl(bool push = true)
    {
        var target = "/interpolation?" + view.ToQuery();
        if (new Uri(Navigation.Uri).PathAndQuery != target)
        {
            Navigation.NavigateTo(target, replace: !push);
        }
    }
}

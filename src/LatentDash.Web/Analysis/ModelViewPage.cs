using LatentDash.Models.Experiments;
using LatentDash.Models.Latent;
using LatentDash.Web.Explorer;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;

namespace LatentDash.Web.Analysis;

/// <summary>What every view of one model does around its own figure: resolve the address against the index, open the
/// model through the circuit's <see cref="ExplorerSession"/> (from the cache at once when the explorer had it open; never
/// while prerendering, whose scope is thrown away), follow Back and Forward, and put every change in the address — a
/// discrete change as a new history entry, what the page fills in for the user as a replacement of the current one.
/// A page says how its view is checked against the open model (<see cref="Fit"/>) and how it is drawn
/// (<see cref="ShowAsync"/>).</summary>
public abstract class ModelViewPage<TView> : ComponentBase, IDisposable
    where TView : class, IModelView<TView>
{
    private readonly OwnNavigations ownNavigations = new();
    private int opens;
    private int opened = -1;
    private bool awaitingInteractivity;

    [Inject] protected IExperimentIndex Index { get; set; } = default!;

    [Inject] protected ExplorerSession Session { get; set; } = default!;

    [Inject] protected NavigationManager Navigation { get; set; } = default!;

    /// <summary>The page's address, e.g. "/traversal".</summary>
    protected abstract string Path { get; }

    /// <summary>The completed models of the index, for the picker.</summary>
    protected IReadOnlyList<ExperimentEntry> Entries { get; private set; } = [];

    /// <summary>What was wrong with the address (or the last change), shown above the view.</summary>
    protected List<string> UrlErrors { get; private set; } = [];

    protected TView View { get; private set; } = default!;

    /// <summary>True once the page has been left.</summary>
    protected bool Disposed { get; private set; }

    /// <summary>The prerendered page only promises the model; the interactive one shows the session loading it.</summary>
    protected bool Loading => awaitingInteractivity || Session.IsLoading;

    /// <summary>The session's model when it is the one this view names.</summary>
    protected ExplorableModel? OpenModel =>
        Session.Model is { } model && model.Experiment.Params.Run == View.Run && model.Experiment.Params.Model == View.Model ? model : null;

    protected override async Task OnInitializedAsync()
    {
        Entries = [.. Index.Query(new ExperimentQuery()).Where(e => e.Status == ExperimentStatus.Complete)];
        View = Resolve(new Uri(Navigation.Uri).Query, UrlErrors);
        if (!RendererInfo.IsInteractive)
        {
            if (View.Model is not null && Entries.FirstOrDefault(e => e.Run == View.Run && e.Model == View.Model) is { } entry)
            {
                View = Prefit(View, entry, UrlErrors);
            }

            awaitingInteractivity = View.Model is not null;
            return;
        }

        Navigation.LocationChanged += OnLocationChanged;
        await OpenModelAsync();
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (!disposing || Disposed)
        {
            return;
        }

        Disposed = true;
        Navigation.LocationChanged -= OnLocationChanged;
        Session.CloseIfStill(opened);
    }

    /// <summary>Checks the view against the open model (and fills in what the address left open), adding a message for
    /// each value it changed. The view as it is by default.</summary>
    protected virtual TView Fit(TView view, ExplorableModel model, ICollection<string> problems) => view;

    /// <summary>Checks the view against the index's record of the model, before the model itself is open (so that a
    /// prerendered page already shows the corrected values). The view as it is by default.</summary>
    protected virtual TView Prefit(TView view, ExperimentEntry entry, ICollection<string> problems) => view;

    /// <summary>The view a newly picked model starts from: what carries over from <paramref name="current"/>.</summary>
    protected abstract TView ForModel(TView current, ModelChoice choice);

    /// <summary>Draws the (fitted) view of the open model.</summary>
    protected abstract Task ShowAsync(ExplorableModel model);

    /// <summary>Forgets what was drawn for the previous model (and any computation it waits for).</summary>
    protected virtual void Clear()
    {
    }

    /// <summary>A control changed the view: check it, put it in the history (Back returns to the one before), draw it.</summary>
    protected async Task ChangeAsync(TView next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var problems = new List<string>();
        var model = OpenModel;
        if (model is not null)
        {
            next = Fit(next, model, problems);
        }

        if (next.ToQuery() == View.ToQuery())
        {
            return;
        }

        UrlErrors = problems;
        View = next;
        UpdateUrl();
        if (model is not null)
        {
            await ShowAsync(model);
        }
    }

    /// <summary>The picker chose another model: a new history entry, then the model.</summary>
    protected async Task OnSelectionChangedAsync((string? Dataset, string? Run, string? Model) selection)
    {
        View = ForModel(View, new ModelChoice(selection.Dataset, selection.Run, selection.Model));
        UrlErrors = [];
        UpdateUrl();
        await OpenModelAsync();
    }

    /// <summary>Puts the view in the address: as a new history entry, or in place of the current one.</summary>
    protected void UpdateUrl(bool push = true)
    {
        var target = Path + "?" + View.ToQuery();
        if (new Uri(Navigation.Uri).PathAndQuery != target)
        {
            ownNavigations.Sent(View.ToQuery());
            Navigation.NavigateTo(target, replace: !push);
        }
    }

    /// <summary>Parses an address and fills in the model the way the explorer does.</summary>
    private TView Resolve(string query, List<string> problems)
    {
        var parsed = TView.Parse(query, out var errors);
        problems.AddRange(errors);
        return parsed.WithModel(ModelChoice.Resolve(parsed.Dataset, parsed.Run, parsed.Model, Entries, problems));
    }

    /// <summary>Opens the view's model through the session, then fits and draws the view; what was filled in for the user
    /// (the first sample, a bound lowered) replaces the current address, so that a copy of it shows the same.</summary>
    private async Task OpenModelAsync()
    {
        var mine = ++opens;
        Clear();
        if (View.Run is not { } run || View.Model is not { } name)
        {
            Session.Close();
            opened = Session.Generation;
            return;
        }

        // Opened again even when the explorer has it: the page it replaces closes what it opened when it goes, and
        // the cache hands the model over at once.
        var opening = Session.OpenAsync(run, name);
        opened = Session.Generation;
        StateHasChanged();
        // A later choice overtook this one while it loaded: that one owns the session now.
        if (!await opening || mine != opens)
        {
            return;
        }

        if (OpenModel is { } model)
        {
            View = Fit(View, model, UrlErrors);
            UpdateUrl(push: false);
            await ShowAsync(model);
        }
    }

    /// <summary>Back or Forward, or a link to another view of this page: show the view the address names.</summary>
    private void OnLocationChanged(object? sender, LocationChangedEventArgs e) => _ = InvokeAsync(async () =>
    {
        var uri = new Uri(e.Location);
        if (Disposed || uri.AbsolutePath != Path)
        {
            return;
        }

        var problems = new List<string>();
        var next = Resolve(uri.Query, problems);
        // The late echo of an address this page wrote itself is not Back: the page has the view it wrote, or a newer one.
        if (ownNavigations.IsEcho(next.ToQuery()))
        {
            return;
        }

        var sameModel = next.Run == View.Run && next.Model == View.Model;
        if (sameModel && OpenModel is { } model)
        {
            next = Fit(next, model, problems);
        }

        if (next.ToQuery() == View.ToQuery())
        {
            return;
        }

        UrlErrors = problems;
        View = next;
        if (sameModel && OpenModel is { } open)
        {
            await ShowAsync(open);
        }
        else
        {
            await OpenModelAsync();
        }

        StateHasChanged();
    });
}

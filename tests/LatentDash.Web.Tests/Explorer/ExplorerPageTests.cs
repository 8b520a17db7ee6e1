using System.Globalization;
using Bunit;
using Bunit.TestDoubles;
using LatentDash.Jobs.Analysis;
using LatentDash.Jobs.Runs;
using LatentDash.Models.Data;
using LatentDash.Models.Experiments;
using LatentDash.Models.Latent;
using LatentDash.Web.Explorer;
using LatentDash.Web.Explorer.Components;
using LiteDB;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor.Services;

namespace LatentDash.Web.Tests.Explorer;

/// <summary>The explorer page on real tiny models: a slider step renders the traversal panel and moves the splom's
/// marker without rendering the page (its pickers, selects and panels), and the address still follows the drag.</summary>
public sealed class ExplorerPageTests : IAsyncLifetime, IAsyncDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "latentdash-page-" + Guid.NewGuid().ToString("N"));
    private readonly BunitContext context = new();
    private readonly LiteDatabase database = new(new MemoryStream());
    private readonly AnalysisRunner runner = new(NullLogger<AnalysisRunner>.Instance);
    private readonly ExplorableModelCache cache;
    private readonly BunitJSModuleInterop splom;

    public ExplorerPageTests()
    {
        ExplorerModels.Write(root);
        var store = new ExperimentStore(root);
        var catalog = new DatasetCatalog(ExplorerModels.DataRoot);
        var index = new LiteDbExperimentIndex(store, database);
        index.Rebuild();
        cache = new ExplorableModelCache(store, catalog, capacity: 2, maxConcurrentLoads: 2, NullLogger<ExplorableModelCache>.Instance);

        context.JSInterop.Mode = JSRuntimeMode.Loose;
        splom = context.JSInterop.SetupModule(LatentSplom.ModulePath);
        context.Services.AddMudServices();
        context.Services.AddSingleton<IExperimentIndex>(index);
        context.Services.AddSingleton(cache);
        context.Services.AddScoped<ExplorerSession>();
        context.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new WebOptions()));
        context.Services.AddSingleton(new TrainingRepository(database));
        context.Services.AddSingleton(new TrainingNotifications(NullLogger<TrainingNotifications>.Instance));
        context.Services.AddSingleton(runner);
        context.Services.AddSingleton(new MetricsAnalysis(runner, store, catalog, index));
        context.Services.AddSingleton(new TrainingLatents(runner, store, catalog));
        context.Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    [Fact]
    public void A_slider_step_renders_the_traversal_panel_and_the_marker_but_not_the_page()
    {
        var cut = Open();
        var session = context.Services.GetRequiredService<ExplorerSession>();
        // bUnit counts a component's renders with its children's: these two have no children that render by themselves,
        // and every render of the page renders them again (their parameters are objects).
        var hyperparameters = cut.FindComponent<HyperparameterPanel>();
        var info = cut.FindComponent<InfoPanel>();
        var (pageRenders, infoRenders) = (hyperparameters.RenderCount, info.RenderCount);
        var image = session.DecodedPng;
        var z = cut.Find("[data-testid=latent-z]").TextContent;
        var slider = cut.Find("[data-testid=slider-0]");
        var handler = slider.GetAttribute("blazor:oninput");
        var max = slider.GetAttribute("max")!;

        slider.Input(max);

        cut.WaitForAssertion(() => Assert.NotEqual(z, cut.Find("[data-testid=latent-z]").TextContent));
        Assert.NotSame(image, session.DecodedPng);
        Assert.Equal("data:image/png;base64," + Convert.ToBase64String(session.DecodedPng!), cut.Find("[data-testid=decoded-image]").GetAttribute("src"));
        Assert.Contains(double.Parse(max, CultureInfo.InvariantCulture).ToString("F3", CultureInfo.InvariantCulture), cut.Find("[data-testid=component-sliders]").TextContent, StringComparison.Ordinal);
        Assert.True(info.RenderCount > infoRenders);
        Assert.Equal(pageRenders, hyperparameters.RenderCount);
        Assert.Equal(handler, cut.Find("[data-testid=slider-0]").GetAttribute("blazor:oninput"));
        // The splom's marker follows in the same renders, as its element's attribute: no JS call of its own.
        cut.WaitForAssertion(() =>
        {
            var moved = cut.Find("#latent-splom").GetAttribute("data-current")!.Split(' ');
            Assert.Equal(double.Parse(max, CultureInfo.InvariantCulture), double.Parse(moved[0], CultureInfo.InvariantCulture), 9);
        });
        Assert.Single(splom.Invocations["draw"]);
        Assert.Empty(splom.Invocations["move"]);
    }

    [Fact]
    public void Clicking_a_point_renders_the_page()
    {
        // The counterpart of the test above: the render-count proxy does see a render of the page.
        var cut = Open();
        var hyperparameters = cut.FindComponent<HyperparameterPanel>();
        var pageRenders = hyperparameters.RenderCount;

        cut.InvokeAsync(() => cut.FindComponent<LatentSplom>().Instance.OnPointClicked(5));

        cut.WaitForAssertion(() => Assert.Contains("Sample 5:", cut.Find("[data-testid=info-panel]").TextContent, StringComparison.Ordinal));
        Assert.True(hyperparameters.RenderCount > pageRenders);
        Assert.Equal(5, ViewIn(context.Services.GetRequiredService<NavigationManager>().Uri).Sample);
    }

    [Fact]
    public async Task The_address_follows_the_sliders_once_the_drag_pauses_replacing_the_history_entry()
    {
        var cut = Open();
        var navigation = context.Services.GetRequiredService<BunitNavigationManager>();
        var entries = navigation.History.Count;
        var slider = cut.Find("[data-testid=slider-0]");
        var min = double.Parse(slider.GetAttribute("min")!, CultureInfo.InvariantCulture);

        slider.Input(slider.GetAttribute("min")!);

        // The page does not render for the address: poll it.
        for (var i = 0; i < 100 && ViewIn(navigation.Uri).Sliders is null; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(min, ViewIn(navigation.Uri).Sliders?[0] ?? double.NaN);
        var view = ViewIn(navigation.Uri);
        Assert.Equal(3, view.Sample);
        Assert.Equal(entries, navigation.History.Count);
        Assert.True(navigation.History.First().Options.ReplaceHistoryEntry);
    }

    // xunit 2 disposes a test class through IAsyncLifetime (or IDisposable), never through IAsyncDisposable alone.
    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public async ValueTask DisposeAsync()
    {
        await context.DisposeAsync();
        cache.Dispose();
        database.Dispose();
        Directory.Delete(root, recursive: true);
    }

    private static ExplorerView ViewIn(string uri) => ExplorerView.Parse(new Uri(uri).Query, out _);

    /// <summary>The explorer on the branched model with sample 3 selected, once it has decoded.</summary>
    private IRenderedComponent<ExplorerPage> Open()
    {
        context.Services.GetRequiredService<NavigationManager>().NavigateTo($"/?dataset=fashion&run={ExplorerModels.Run}&model={ExplorerModels.Branched}&sample=3&range=global");
        var cut = context.Render<ExplorerPage>();
        cut.WaitForElement("[data-testid=decoded-image]", TimeSpan.FromSeconds(30));
        cut.WaitForAssertion(() => Assert.Single(splom.Invocations["draw"]), TimeSpan.FromSeconds(5));
        return cut;
    }
}

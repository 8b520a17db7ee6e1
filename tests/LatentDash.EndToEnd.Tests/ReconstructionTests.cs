using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace LatentDash.EndToEnd.Tests;

/// <summary>The reconstructions and 2-D manifold views in a real browser: each renders for the fixture models from an
/// address, and the copied address reopened in a new page shows the same images.</summary>
[Collection(nameof(DashboardHosts))]
public sealed class ReconstructionTests(DashboardHost host)
{
    private static readonly BrowserNewPageOptions Wide = new() { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } };

    // The machine that runs these may be busy: a first page load can take longer than Playwright's default 30 s.
    private static readonly PageGotoOptions Patient = new() { Timeout = 90_000 };

    [Fact]
    public async Task Two_models_show_in_columns_and_the_copied_url_reproduces_every_image()
    {
        var page = await host.Browser.NewPageAsync(Wide);
        var address = $"{host.BaseUrl}/reconstructions?run=e2e&model={host.Model}&samples=3,17,42&seed=5&models={DashboardHost.SecondRun}/{host.SecondModel}";
        await page.GotoAsync(address, Patient);

        var table = page.GetByTestId("reconstructions");
        // Three images × two models: μ plus k = 2 draws each, and the inputs once.
        await Assertions.Expect(table.GetByTestId("mu-cell")).ToHaveCountAsync(6, new() { Timeout = 60_000 });
        await Assertions.Expect(table.GetByTestId("draw-cell")).ToHaveCountAsync(12);
        await Assertions.Expect(table.GetByTestId("input-cell")).ToHaveCountAsync(3);
        await Assertions.Expect(page.GetByTestId("column-1")).ToContainTextAsync(host.SecondModel);
        await Assertions.Expect(page.GetByTestId("column-error")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("url-error")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("download-figure")).ToBeVisibleAsync();
        var images = await Sources(table);
        // The two models reconstruct differently, and the draws differ from the decode of μ.
        var mu = await Sources(table.GetByTestId("mu-cell"));
        Assert.NotEqual(mu[0], mu[1]);
        Assert.NotEqual(mu[0], (await Sources(table.GetByTestId("draw-cell")))[0]);

        var second = await host.Browser.NewPageAsync(Wide);
        await second.GotoAsync(page.Url, Patient);
        var reopened = second.GetByTestId("reconstructions");
        await Assertions.Expect(reopened.GetByTestId("mu-cell")).ToHaveCountAsync(6, new() { Timeout = 60_000 });
        Assert.Equal(images, await Sources(reopened));
        await second.CloseAsync();
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_seeded_draw_shows_one_image_per_class_and_another_seed_draws_others()
    {
        var page = await host.Browser.NewPageAsync(Wide);
        await page.GotoAsync($"{host.BaseUrl}/reconstructions?run=e2e&model={host.Model}&draw=1&seed=4&k=1", Patient);
        var table = page.GetByTestId("reconstructions");
        await Assertions.Expect(table.GetByTestId("draw-cell")).ToHaveCountAsync(10, new() { Timeout = 60_000 });
        var captions = await table.Locator("td:first-child div").AllInnerTextsAsync();
        Assert.Equal(10, captions.Select(c => c[(c.IndexOf('·', StringComparison.Ordinal) + 1)..].Trim()).Distinct().Count());
        var before = await Sources(table.GetByTestId("input-cell"));

        var second = await host.Browser.NewPageAsync(Wide);
        await second.GotoAsync(page.Url, Patient);
        await Assertions.Expect(second.GetByTestId("input-cell")).ToHaveCountAsync(10, new() { Timeout = 60_000 });
        await Assertions.Expect(second.GetByTestId("draw-cell")).ToHaveCountAsync(10);
        Assert.Equal(await Sources(table), await Sources(second.GetByTestId("reconstructions")));
        await second.CloseAsync();

        var seed = page.GetByTestId("seed-field");
        await seed.FillAsync("5");
        await seed.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("seed=5"), new() { Timeout = 60_000 });
        await page.WaitForFunctionAsync(
            "b => { const s = [...document.querySelectorAll('[data-testid=input-cell]')].map(i => i.src); return s.length === 10 && s.join() !== b; }",
            string.Join(',', before));
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_manifold_grid_renders_beside_the_scatter_with_its_extent_and_the_copied_url_reproduces_it()
    {
        var page = await host.Browser.NewPageAsync(Wide);
        // The grid is the view's answer: it must not wait behind plotly.js, so the scatter is drawn only after it.
        await page.AddInitScriptAsync(
            "new MutationObserver(() => { if (document.querySelector('#manifold-scatter .main-svg') && !document.querySelector('[data-testid=manifold-grid]')) window.scatterFirst = true; })" +
            ".observe(document, { subtree: true, childList: true });");
        await page.GotoAsync($"{host.BaseUrl}/manifold?run=e2e&model={host.Model}&sample=3&x=2&y=4&n=5&span=2", Patient);
        var grid = page.GetByTestId("manifold-grid");
        await Assertions.Expect(grid).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await page.WaitForSelectorAsync("#manifold-scatter .main-svg");
        Assert.False(await page.EvaluateAsync<bool>("() => window.scatterFirst === true"));
        Assert.Equal(new[] { -2.0, 2.0, -2.0, 2.0 }, await page.EvaluateAsync<double[]>(
            "() => { const s = document.getElementById('manifold-scatter').layout.shapes[0]; return [s.x0, s.x1, s.y0, s.y1]; }"));
        Assert.Equal("z2", await page.EvaluateAsync<string>("() => document.getElementById('manifold-scatter').layout.xaxis.title.text"));
        // Drawn with the splom's gl2d bundle (WebGL points and the rectangle), not plotly.js's full one.
        Assert.EndsWith("plotly-gl2d-3.7.0.min.js", await page.EvaluateAsync<string>("() => document.getElementById('plotly-import').src"), StringComparison.Ordinal);
        await Assertions.Expect(page.GetByTestId("held-caption")).ToContainTextAsync("z1, z3 held at sample 3");
        // 5 × 5 cells of 28 pixels, drawn larger by the page with crisp pixels.
        Assert.Equal(140, await grid.EvaluateAsync<int>("i => i.naturalWidth"));
        Assert.True(await grid.EvaluateAsync<double>("i => i.getBoundingClientRect().width") > 280);
        Assert.NotEqual("auto", await grid.EvaluateAsync<string>("i => getComputedStyle(i).imageRendering"));
        var source = await grid.GetAttributeAsync("src");

        var second = await host.Browser.NewPageAsync(Wide);
        await second.GotoAsync(page.Url, Patient);
        await Assertions.Expect(second.GetByTestId("manifold-grid")).ToHaveAttributeAsync("src", source!, new() { Timeout = 60_000 });
        await second.CloseAsync();

        await page.GetByTestId("range-toggle").GetByText("Data range").ClickAsync();
        // The address changes by pushState: poll it (and name it when it does not change) rather than wait for a load.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("range=data"), new() { Timeout = 60_000 });
        await Assertions.Expect(grid).Not.ToHaveAttributeAsync("src", source!);
        await page.WaitForFunctionAsync("() => document.getElementById('manifold-scatter').layout.shapes[0].x1 !== 2");

        // A click on a point of the scatter holds the grid at that image: a point of the first class's trace that is not
        // the held sample, inside the plot (the data range now covers every point).
        await page.WaitForSelectorAsync("#manifold-scatter[data-clickable]");
        var target = await page.EvaluateAsync<double[]>(@"() => {
            const gd = document.getElementById('manifold-scatter'); const fl = gd._fullLayout; const box = gd.getBoundingClientRect();
            const t = gd._fullData[0]; const members = gd.__manifoldScatter.members[0];
            const at = members[0] === 3 ? 1 : 0;
            return [members[at], box.left + fl.xaxis._offset + fl.xaxis.l2p(t.x[at]), box.top + fl.yaxis._offset + fl.yaxis.l2p(t.y[at])]; }");
        var index = (int)target[0];
        await page.Mouse.MoveAsync((float)target[1], (float)target[2]);
        await page.Mouse.ClickAsync((float)target[1], (float)target[2]);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"sample={index}(&|$)"), new() { Timeout = 60_000 });
        await Assertions.Expect(page.GetByTestId("held-caption")).ToContainTextAsync($"held at sample {index}");
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_manifold_address_that_does_not_fit_shows_messages_and_the_default_grid()
    {
        var page = await host.Browser.NewPageAsync(Wide);
        var response = await page.GotoAsync($"{host.BaseUrl}/manifold?run=e2e&model={host.Model}&n=99&x=9&y=1&hold=middle", Patient);

        Assert.Equal(200, response!.Status);
        var errors = page.GetByTestId("url-error");
        await Assertions.Expect(errors).ToHaveCountAsync(3, new() { Timeout = 60_000 });
        await Assertions.Expect(errors.Nth(0)).ToContainTextAsync("n '99' must be an integer in 3..30");
        await Assertions.Expect(errors.Nth(1)).ToContainTextAsync("hold 'middle' must be one of sample, zero");
        await Assertions.Expect(errors.Nth(2)).ToContainTextAsync("do not fit this model's 4 latent dimensions");
        await Assertions.Expect(page.GetByTestId("manifold-grid")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        Assert.Equal(15 * 28, await page.GetByTestId("manifold-grid").EvaluateAsync<int>("i => i.naturalWidth"));
        await page.CloseAsync();
    }

    private static async Task<IReadOnlyList<string>> Sources(ILocator scope)
    {
        var images = await scope.EvaluateAllAsync<string[]>("els => els.flatMap(e => e.tagName === 'IMG' ? [e.src] : [...e.querySelectorAll('img')].map(i => i.src))");
        return images;
    }
}

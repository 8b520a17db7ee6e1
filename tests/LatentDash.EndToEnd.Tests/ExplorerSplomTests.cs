using System.Globalization;
using Microsoft.Playwright;

namespace LatentDash.EndToEnd.Tests;

/// <summary>The explorer's splom on a 10,000-image validation set, in a real browser: every point drawn, a click
/// selecting the point under the cursor, and the marker following the sliders without a redraw of the points.</summary>
[Collection(nameof(LargeDashboardHosts))]
public sealed class ExplorerSplomTests(LargeDashboardHost host)
{
    private const string PointCount = """
        () => { const gd = document.getElementById('latent-splom');
                return (gd && gd.data ? gd.data : []).reduce((n, t) => n + t.dimensions[0].values.length, 0); }
        """;

    [Fact]
    public async Task The_splom_draws_every_validation_point_and_a_click_selects_the_point_under_the_cursor()
    {
        var page = await NewPageAsync();
        await page.GotoAsync($"{host.BaseUrl}/?run=e2e&model={host.Model}");
        await page.WaitForFunctionAsync($"() => ({PointCount})() === {LargeDashboardHost.ValidationImages}", null, new PageWaitForFunctionOptions { Timeout = 60_000 });

        Assert.Equal(10, await page.EvaluateAsync<int>("() => document.getElementById('latent-splom').data.length"));
        Assert.Equal("T-shirt/top", await page.EvaluateAsync<string>("() => document.getElementById('latent-splom').data[0].name"));
        Assert.Equal(LargeDashboardHost.ValidationImages, await page.EvaluateAsync<int>(PointCount));

        // The rightmost point of the PC1 × PC2 panel stands apart from the others: a click there can only hit it.
        await page.WaitForSelectorAsync("#latent-splom[data-clickable]");
        var target = await page.EvaluateAsync<double[]>("""
            () => {
              const gd = document.getElementById('latent-splom');
              let best = null;
              gd.data.forEach(t => t.dimensions[0].values.forEach((x, i) => {
                if (!best || x > best[0]) { best = [x, t.dimensions[1].values[i]]; }
              }));
              const fl = gd._fullLayout, box = gd.getBoundingClientRect();
              return [best[0], best[1], box.left + fl.xaxis._offset + fl.xaxis.l2p(best[0]), box.top + fl.yaxis2._offset + fl.yaxis2.l2p(best[1])];
            }
            """);
        await page.Mouse.MoveAsync((float)target[2], (float)target[3]);
        await page.Mouse.ClickAsync((float)target[2], (float)target[3]);

        await Assertions.Expect(page.GetByTestId("input-image")).ToBeVisibleAsync();
        Assert.Contains("sample=", page.Url, StringComparison.Ordinal);
        // The selected sample's coordinates are the clicked point's: its marker sits on it.
        await page.WaitForFunctionAsync($"() => ({Splom.Markers}).length > 0");
        var marker = await MarkerOnFirstPanel(page);
        Assert.Equal(target[0], marker[0], 4);
        Assert.Equal(target[1], marker[1], 4);
        // And it is drawn there: the X's centre is the pixel that was clicked.
        var centre = await page.EvaluateAsync<double[]>(MarkerCentre);
        Assert.Equal(1, centre[2]);
        Assert.InRange(centre[0], target[2] - 1.5, target[2] + 1.5);
        Assert.InRange(centre[1], target[3] - 1.5, target[3] + 1.5);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Moving_a_slider_moves_the_marker_on_every_panel_without_redrawing_the_points()
    {
        var page = await NewPageAsync();
        await page.GotoAsync($"{host.BaseUrl}/?run=e2e&model={host.Model}&sample=7");
        await page.WaitForFunctionAsync(
            $"() => ({PointCount})() === {LargeDashboardHost.ValidationImages} && ({Splom.Markers}).length > 0",
            null, new PageWaitForFunctionOptions { Timeout = 60_000 });
        // Count every full redraw from now on, and keep the points' computed data to see that it is never rebuilt.
        await page.EvaluateAsync("""
            () => {
              const gd = document.getElementById('latent-splom');
              window.__reacts = 0;
              const react = window.Plotly.react;
              window.Plotly.react = (...args) => { window.__reacts++; return react(...args); };
              window.__calcdata = gd.calcdata;
            }
            """);
        var before = await MarkerOnFirstPanel(page);
        var address = page.Url;

        await page.GetByTestId("slider-0").FocusAsync();
        for (var i = 0; i < 8; i++)
        {
            await page.Keyboard.PressAsync("ArrowRight");
        }

        // The marker settles on the slider's final value. The input's value is read in the same check: while steps are
        // in flight a render of the panel can set it back to the last step the server has seen, until the rest arrive.
        await page.WaitForFunctionAsync($$"""
            () => {
              const v = +document.querySelector('[data-testid=slider-0]').value;
              return ({{Splom.Markers}}).filter(s => s.xref === 'x').every(s => Math.abs(s.x - v) < 1e-6);
            }
            """);
        var slider = double.Parse(await page.GetByTestId("slider-0").InputValueAsync(), CultureInfo.InvariantCulture);
        Assert.NotEqual(before[0], slider, 6);
        // The address follows once the drag pauses; the points are still those first drawn.
        await page.WaitForFunctionAsync("a => location.href !== a", address);
        await page.WaitForTimeoutAsync(500);

        Assert.Equal(0, await page.EvaluateAsync<int>("() => window.__reacts"));
        Assert.True(await page.EvaluateAsync<bool>("() => document.getElementById('latent-splom').calcdata === window.__calcdata"));
        // One X per panel of four components (the six below the diagonal), each on the sample's other coordinates.
        Assert.Equal(6, await page.EvaluateAsync<int>($"() => ({Splom.Markers}).length"));
        Assert.Equal(before[1], (await MarkerOnFirstPanel(page))[1], 9);
        await page.CloseAsync();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task The_points_are_drawn_at_the_screens_own_resolution(float pixelRatio)
    {
        // Plotly's WebGL default is twice a standard screen's resolution: four times the pixels to fill for nothing a
        // screen of pixel ratio 1 can show.
        var page = await host.Browser.NewPageAsync(new BrowserNewPageOptions
        {
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
            DeviceScaleFactor = pixelRatio,
        });
        await page.GotoAsync($"{host.BaseUrl}/?run=e2e&model={host.Model}");
        await page.WaitForSelectorAsync("#latent-splom[data-clickable]", new PageWaitForSelectorOptions { Timeout = 60_000 });

        var canvases = await page.EvaluateAsync<double[][]>(
            "() => [...document.querySelectorAll('#latent-splom canvas')].map(c => [c.width, c.height, c.clientWidth, c.clientHeight])");

        Assert.NotEmpty(canvases);
        Assert.All(canvases, c =>
        {
            Assert.True(c[2] > 100 && c[3] > 100, string.Join(" × ", c));
            Assert.InRange(c[0], (c[2] * pixelRatio) - 1, (c[2] * pixelRatio) + 1);
            Assert.InRange(c[1], (c[3] * pixelRatio) - 1, (c[3] * pixelRatio) + 1);
        });
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_points_are_drawn_without_multisampling()
    {
        // The markers carry their own antialiased edge; multisampling them costs half of every redraw in software WebGL.
        var page = await OpenClickableAsync();

        // Plotly binds each canvas's regl instance to the canvas's data; the picking canvas has none.
        var antialias = await page.EvaluateAsync<bool[]>("""
            () => [...document.querySelectorAll('#latent-splom canvas')]
                .filter(c => c.__data__ && c.__data__.regl)
                .map(c => c.__data__.regl._gl.getContextAttributes().antialias)
            """);

        Assert.NotEmpty(antialias);
        Assert.All(antialias, Assert.False);
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_pan_redraws_only_the_panels_it_moves_and_leaves_the_pixels_of_a_whole_redraw()
    {
        var page = await OpenClickableAsync();

        // Pan mode, as the modebar's button sets it; every draw of a scene's points is counted, in groups (panels).
        var setup = await page.EvaluateAsync<int[]>("""
            async () => {
              const gd = document.getElementById('latent-splom');
              await Plotly.relayout(gd, { dragmode: 'pan' });
              window.__panelDraws = [];
              const scenes = Object.values(gd._fullLayout._splomScenes).filter(s => s.matrix);
              for (const scene of scenes) {
                const scatter = scene.matrix.scatter, draw = scatter.draw;
                scatter.draw = function (...groups) {
                  window.__panelDraws.push(groups.length ? groups.length : this.groups.filter(Boolean).length);
                  return draw.apply(this, groups);
                };
              }
              return [gd.data[0].dimensions.length, scenes[0].matrix.scatter.groups.filter(Boolean).length];
            }
            """);
        var (components, panels) = (setup[0], setup[1]);
        Assert.True(components >= 2, $"{components} components");

        // Drag the PC1 × PC2 panel: PC1's x axis and PC2's y axis move, so the PC1 column's panels and the PC2 row's.
        var middle = await page.EvaluateAsync<float[]>(FirstPanelMiddle);
        await page.Mouse.MoveAsync(middle[0], middle[1]);
        await page.Mouse.DownAsync();
        for (var step = 1; step <= 5; step++)
        {
            await page.Mouse.MoveAsync(middle[0] + (6 * step), middle[1] + (4 * step));
            await page.EvaluateAsync("() => new Promise(resolve => requestAnimationFrame(() => resolve()))");
        }

        var during = await page.EvaluateAsync<int[]>("() => window.__panelDraws");
        // The canvas as the drag left it, then as plotly's whole redraw (clear, every scene) draws the same ranges.
        const string SameAsWholeRedraw = """
            () => {
              const gd = document.getElementById('latent-splom');
              const canvas = gd.querySelector('canvas.gl-canvas-context');
              const before = canvas.toDataURL();
              gd._fullLayout._glcanvas.data()[0].regl.clear({ color: true, depth: true });
              for (const trace of gd._fullData) {
                if (trace.visible === true) { gd._fullLayout._splomScenes[trace.uid].draw(); }
              }
              return canvas.toDataURL() === before;
            }
            """;
        var same = await page.EvaluateAsync<bool>(SameAsWholeRedraw);
        // The release: plotly's relayout to the ranges the drag reached, then the same check.
        await ReleaseAsync(page);
        await page.EvaluateAsync("() => new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)))");
        var sameAfterRelease = await page.EvaluateAsync<bool>(SameAsWholeRedraw);

        Assert.NotEmpty(during);
        // k components: the PC1 column has k − 1 panels below the diagonal, the PC2 row one of them (with two
        // components, the upper panel PC2 × PC1 stays).
        Assert.All(during, drawn => Assert.Equal(components - 1, drawn));
        Assert.True(components - 1 < panels, $"{components - 1} of {panels} panels");
        Assert.True(same, "the dragged canvas differs from a whole redraw of the same ranges");
        Assert.True(sameAfterRelease, "after the release the canvas differs from a whole redraw of the same ranges");
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_marker_moves_with_the_points_while_a_pan_drags_them()
    {
        var page = await OpenClickableAsync("&sample=0");
        await page.WaitForFunctionAsync($"() => ({Splom.Markers}).some(s => s.xref === 'x' && s.yref === 'y2' && s.visible)");
        // The modebar's pan button, as a person presses it.
        await page.HoverAsync("#latent-splom");
        await page.ClickAsync("#latent-splom .modebar-btn[data-title='Pan']");

        var before = await page.EvaluateAsync<float[]>(MarkerCentre);
        var middle = await page.EvaluateAsync<float[]>(FirstPanelMiddle);
        // Towards the panel's middle, so that the point stays inside it.
        var (dx, dy) = (before[0] < middle[0] ? 24f : -24f, before[1] < middle[1] ? 16f : -16f);
        await page.Mouse.MoveAsync(middle[0], middle[1]);
        await page.Mouse.DownAsync();
        for (var step = 1; step <= 4; step++)
        {
            await page.Mouse.MoveAsync(middle[0] + (dx * step / 4), middle[1] + (dy * step / 4));
            await page.EvaluateAsync("() => new Promise(resolve => requestAnimationFrame(() => resolve()))");
        }

        var during = await page.EvaluateAsync<float[]>(MarkerCentre);
        await ReleaseAsync(page);
        var after = await page.EvaluateAsync<float[]>(MarkerCentre);

        Assert.Equal(1, before[2]);
        foreach (var (where, centre) in new[] { ("during the drag", during), ("after the release", after) })
        {
            Assert.True(centre[2] == 1, $"{where}: the marker is hidden");
            Assert.True(Math.Abs(centre[0] - (before[0] + dx)) <= 1.5 && Math.Abs(centre[1] - (before[1] + dy)) <= 1.5,
                $"{where}: the marker is at ({centre[0]}, {centre[1]}), not ({before[0] + dx}, {before[1] + dy}) where its point went");
        }

        await page.CloseAsync();
    }

    /// <summary>The page pixel at the centre of the marker's X on the PC1 × PC2 panel, and 1 when it is visible.</summary>
    private const string MarkerCentre = """
        () => { const p = [...document.querySelectorAll('#latent-splom svg.latent-splom-marker path')].find(p => p.dataset.xref === 'x' && p.dataset.yref === 'y2');
                const r = p.getBoundingClientRect(); return [r.left + (r.width / 2), r.top + (r.height / 2), p.getAttribute('visibility') === 'visible' ? 1 : 0]; }
        """;

    /// <summary>The page pixel in the middle of the PC1 × PC2 panel.</summary>
    private const string FirstPanelMiddle = """
        () => { const gd = document.getElementById('latent-splom'), fl = gd._fullLayout, box = gd.getBoundingClientRect();
                return [box.left + fl.xaxis._offset + (fl.xaxis._length / 2), box.top + fl.yaxis2._offset + (fl.yaxis2._length / 2)]; }
        """;

    /// <summary>A new page on the test model's explorer (with <paramref name="query"/> added to its address), once its
    /// splom answers clicks.</summary>
    private async Task<IPage> OpenClickableAsync(string query = "")
    {
        var page = await NewPageAsync();
        await page.GotoAsync($"{host.BaseUrl}/?run=e2e&model={host.Model}{query}");
        await page.WaitForSelectorAsync("#latent-splom[data-clickable]", new PageWaitForSelectorOptions { Timeout = 60_000 });
        return page;
    }

    /// <summary>Releases the mouse and waits for the relayout that ends plotly's drag. The listener is in place before
    /// the release: the release comes by another path into the page than an evaluation, and could overtake it.</summary>
    private static async Task ReleaseAsync(IPage page)
    {
        await page.EvaluateAsync("""
            () => { window.__splomReleased = new Promise(resolve => document.getElementById('latent-splom').once('plotly_relayout', resolve)); }
            """);
        await page.Mouse.UpAsync();
        await page.EvaluateAsync("() => window.__splomReleased.then(() => undefined)");
    }

    private Task<IPage> NewPageAsync() =>
        host.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });

    /// <summary>The marker's (x, y) on the PC1 × PC2 panel.</summary>
    private static Task<double[]> MarkerOnFirstPanel(IPage page) => page.EvaluateAsync<double[]>($$"""
        () => { const s = ({{Splom.Markers}}).find(s => s.xref === 'x' && s.yref === 'y2');
                return [s.x, s.y]; }
        """);
}

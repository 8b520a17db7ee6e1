using Microsoft.Playwright;

namespace LatentDash.EndToEnd.Tests;

/// <summary>The explorer's t-SNE projection in a real browser: computed in the background on the first open, drawn
/// coloured by class, clickable, and shown at once from the model's cache when the address is opened again.</summary>
[Collection(nameof(DashboardHosts))]
public sealed class EmbeddingTests(DashboardHost host)
{
    private const string TitleIsTsne = "() => { const gd = document.getElementById('latent-splom'); return !!gd && !!gd.layout && gd.layout.title.text.startsWith('t-SNE of the latent means'); }";

    [Fact]
    public async Task Tsne_is_computed_drawn_and_clickable_then_reopens_at_once_from_the_cache()
    {
        var page = await host.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        await page.GotoAsync(host.BaseUrl + "/?proj=tsne");
        // Until the embedding arrives the splom shows the PCA axes the sliders traverse.
        await page.WaitForSelectorAsync("#latent-splom .main-svg", new PageWaitForSelectorOptions { Timeout = 120_000 });
        await Assertions.Expect(page.GetByTestId("embedding-note")).ToContainTextAsync("the sliders then traverse its PCA coordinates");

        // The computation runs in the background (the page may catch its progress bar or not: the fixture is small).
        await page.WaitForFunctionAsync(TitleIsTsne, null, new PageWaitForFunctionOptions { Timeout = 120_000 });
        await Assertions.Expect(page.GetByTestId("embedding-progress")).ToHaveCountAsync(0);
        Assert.Equal("t-SNE 1", await page.EvaluateAsync<string>("() => document.getElementById('latent-splom').data[0].dimensions[0].label"));
        // One trace per class: coloured by class.
        Assert.True(await page.EvaluateAsync<int>("() => document.getElementById('latent-splom').data.length") >= 3);

        var (x, y) = await Splom.FirstPointAsync(page);
        await page.Mouse.MoveAsync(x, y);
        await page.Mouse.ClickAsync(x, y);
        await Assertions.Expect(page.GetByTestId("input-image")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("decoded-image")).ToBeVisibleAsync();
        Assert.Contains("proj=tsne", page.Url, StringComparison.Ordinal);
        Assert.Contains("sample=", page.Url, StringComparison.Ordinal);
        // The marker (an X on every panel) sits on the clicked point of the embedding.
        await page.WaitForFunctionAsync($@"() => {{
            const gd = document.getElementById('latent-splom');
            const m = ({Splom.Markers}).find(s => s.xref === 'x' && s.yref === 'y2');
            return !!m && Math.abs(m.x - gd.data[0].dimensions[0].values[0]) < 1e-3;
        }}");
        var image = await page.GetByTestId("input-image").GetAttributeAsync("src");

        var second = await host.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        await second.GotoAsync(page.Url);
        await second.WaitForSelectorAsync("#latent-splom .main-svg");
        // Kept beside the model: the first drawing is already the embedding, with no computation to wait for.
        Assert.True(await second.EvaluateAsync<bool>(TitleIsTsne));
        await Assertions.Expect(second.GetByTestId("embedding-progress")).ToHaveCountAsync(0);
        await Assertions.Expect(second.GetByTestId("input-image")).ToHaveAttributeAsync("src", image!);
        Assert.Equal(
            await page.EvaluateAsync<float[]>("() => Array.from(document.getElementById('latent-splom').data[0].dimensions[0].values)"),
            await second.EvaluateAsync<float[]>("() => Array.from(document.getElementById('latent-splom').data[0].dimensions[0].values)"));
        await second.CloseAsync();
        await page.CloseAsync();
    }

    // The first point of the first class in the lower-left panel (t-SNE 1 × t-SNE 2), at the pixel Plotly draws it.
}

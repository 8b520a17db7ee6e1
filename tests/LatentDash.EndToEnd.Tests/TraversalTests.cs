using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace LatentDash.EndToEnd.Tests;

/// <summary>The traversal grid and the interpolation strip in a real browser: each renders from an address, a copy of
/// the address reproduces the same images, and the explorer opens the grid of the point just clicked.</summary>
[Collection(nameof(DashboardHosts))]
public sealed class TraversalTests(DashboardHost host)
{
    private static readonly BrowserNewPageOptions Wide = new() { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } };

    // A view's first render waits for its model to load and encode its validation set: generous on a busy machine.
    private static readonly LocatorAssertionsToHaveCountOptions FirstRender = new() { Timeout = 30_000 };

    // Registered before any page script runs: every content security policy violation is kept for the test to read.
    private const string RecordViolations = """
        window.__violations = [];
        document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
        """;

    [Fact]
    public async Task The_traversal_grid_renders_from_its_address_and_a_copy_of_it_shows_the_same_images()
    {
        var page = await host.Browser.NewPageAsync(Wide);
        var problems = CollectErrors(page);
        await page.AddInitScriptAsync(RecordViolations);
        await page.GotoAsync($"{host.BaseUrl}/traversal?run=e2e&model={host.Model}&sample=3&steps=7&animate=1");

        var cells = page.GetByTestId("traversal-cell");
        await Assertions.Expect(cells).ToHaveCountAsync(4 * 7, FirstRender);
        await Assertions.Expect(page.GetByTestId("cell-caption")).ToHaveCountAsync(4 * 7);
        await Assertions.Expect(page.GetByTestId("model-error")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("row-label")).ToHaveCountAsync(4);
        await Assertions.Expect(page.GetByTestId("row-label").First).ToContainTextAsync("z1");
        await Assertions.Expect(page.GetByTestId("row-label").First).ToContainTextAsync("nats");
        await Assertions.Expect(page.GetByTestId("input-image")).ToBeVisibleAsync();
        var download = page.GetByTestId("download-grid");
        Assert.StartsWith("data:image/png;base64,", await download.GetAttributeAsync("href"), StringComparison.Ordinal);
        Assert.NotNull(await download.GetAttributeAsync("download"));
        // The animated row loops in the browser: a running CSS animation over the row's frames.
        var animation = page.GetByTestId("traversal-animation");
        await Assertions.Expect(animation).ToBeVisibleAsync();
        Assert.StartsWith("latentdash-sweep-", await animation.EvaluateAsync<string>("e => getComputedStyle(e).animationName"), StringComparison.Ordinal);
        Assert.Contains("data:image/png", await animation.EvaluateAsync<string>("e => getComputedStyle(e).backgroundImage"), StringComparison.Ordinal);
        Assert.Equal(1, await animation.EvaluateAsync<int>("e => e.getAnimations().length"));
        Assert.Empty(await page.EvaluateAsync<string[]>("() => window.__violations"));
        await Screenshot(page, "traversal.png");

        var second = await host.Browser.NewPageAsync(Wide);
        await second.GotoAsync(page.Url);
        await Assertions.Expect(second.GetByTestId("traversal-cell")).ToHaveCountAsync(4 * 7, FirstRender);
        await Assertions.Expect(second.GetByTestId("download-grid")).ToHaveAttributeAsync("href", (await download.GetAttributeAsync("href"))!);
        await Assertions.Expect(second.GetByTestId("traversal-cell").Nth(9)).ToHaveAttributeAsync("src", (await cells.Nth(9).GetAttributeAsync("src"))!);
        Assert.Empty(problems);
        await second.CloseAsync();
        await page.CloseAsync();
    }

    [Fact]
    public async Task Principal_component_rows_are_labelled_with_their_share_of_variance_and_a_control_change_updates_the_address()
    {
        var page = await host.Browser.NewPageAsync(Wide);
        await page.GotoAsync($"{host.BaseUrl}/traversal?run=e2e&model={host.Model}&sample=0&axes=pca&range=sigma&k=2");

        await Assertions.Expect(page.GetByTestId("traversal-cell")).ToHaveCountAsync(4 * 9, FirstRender);
        await Assertions.Expect(page.GetByTestId("row-label").First).ToContainTextAsync("PC1");
        await Assertions.Expect(page.GetByTestId("row-label").First).ToContainTextAsync("% of variance");
        await Assertions.Expect(page.GetByTestId("grid-note")).ToContainTextAsync("KL is defined per raw dimension");
        var before = await page.GetByTestId("download-grid").GetAttributeAsync("href");

        await page.GetByTestId("axes-toggle").GetByText("Raw dimensions").ClickAsync();

        await Assertions.Expect(page.GetByTestId("row-label").First).ToContainTextAsync("z1");
        await page.WaitForFunctionAsync("() => !location.search.includes('axes=pca')");
        Assert.NotEqual(before, await page.GetByTestId("download-grid").GetAttributeAsync("href"));
        await page.GoBackAsync();
        await Assertions.Expect(page.GetByTestId("row-label").First).ToContainTextAsync("PC1");
        await Assertions.Expect(page.GetByTestId("download-grid")).ToHaveAttributeAsync("href", before!);
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_interpolation_strip_renders_from_its_address_and_a_copy_of_it_shows_the_same_images()
    {
        var page = await host.Browser.NewPageAsync(Wide);
        var problems = CollectErrors(page);
        await page.AddInitScriptAsync(RecordViolations);
        await page.GotoAsync($"{host.BaseUrl}/interpolation?run=e2e&model={host.Model}&sample=1&to=5&path=slerp");

        var cells = page.GetByTestId("strip-cell");
        await Assertions.Expect(cells).ToHaveCountAsync(10, FirstRender);
        await Assertions.Expect(page.GetByTestId("cell-caption")).ToHaveCountAsync(10);
        await Assertions.Expect(page.GetByTestId("from-image")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("to-image")).ToBeVisibleAsync();
        var strip = await page.GetByTestId("download-strip").GetAttributeAsync("href");
        Assert.StartsWith("data:image/png;base64,", strip, StringComparison.Ordinal);
        Assert.Empty(await page.EvaluateAsync<string[]>("() => window.__violations"));
        await Screenshot(page, "interpolation.png");

        var second = await host.Browser.NewPageAsync(Wide);
        await second.GotoAsync(page.Url);
        await Assertions.Expect(second.GetByTestId("strip-cell")).ToHaveCountAsync(10, FirstRender);
        await Assertions.Expect(second.GetByTestId("download-strip")).ToHaveAttributeAsync("href", strip!);
        await Assertions.Expect(second.GetByTestId("strip-cell").Nth(4)).ToHaveAttributeAsync("src", (await cells.Nth(4).GetAttributeAsync("src"))!);
        Assert.Empty(problems);
        await second.CloseAsync();
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_malformed_traversal_address_shows_messages_and_still_draws_a_grid()
    {
        var page = await host.Browser.NewPageAsync(Wide);
        var response = await page.GotoAsync($"{host.BaseUrl}/traversal?run=e2e&model={host.Model}&sample=99999&steps=99&range=wide");

        Assert.Equal(200, response!.Status);
        await Assertions.Expect(page.GetByTestId("traversal-cell")).ToHaveCountAsync(4 * 9, FirstRender);
        var errors = page.GetByTestId("url-error");
        await Assertions.Expect(errors).ToHaveCountAsync(3);
        await Assertions.Expect(errors.Nth(0)).ToContainTextAsync("steps '99' must be an integer in 3..25");
        await Assertions.Expect(errors.Nth(1)).ToContainTextAsync("range 'wide' must be one of");
        await Assertions.Expect(errors.Nth(2)).ToContainTextAsync("sample 99999 is beyond");
        await Assertions.Expect(page.GetByTestId("sample-input")).ToHaveValueAsync("0");
        await page.CloseAsync();
    }

    [Fact]
    public async Task An_interpolation_without_samples_names_the_ones_it_chose_in_its_address()
    {
        var page = await host.Browser.NewPageAsync(Wide);
        await page.GotoAsync($"{host.BaseUrl}/interpolation?path=linear&steps=4");

        await Assertions.Expect(page.GetByTestId("strip-cell")).ToHaveCountAsync(4, FirstRender);
        await page.WaitForFunctionAsync("() => location.search.includes('sample=0') && location.search.includes('to=')");
        Assert.Contains("steps=4", page.Url, StringComparison.Ordinal);
        await page.CloseAsync();
    }

    [Fact]
    public async Task From_the_explorer_a_clicked_point_opens_the_traversal_grid_of_that_sample()
    {
        var page = await host.Browser.NewPageAsync(Wide);
        await page.GotoAsync(host.BaseUrl + "/");
        await page.WaitForSelectorAsync("#latent-splom .main-svg", new PageWaitForSelectorOptions { Timeout = 60_000 });
        var (x, y) = await Splom.FirstPointAsync(page);
        await page.Mouse.MoveAsync(x, y);
        await page.Mouse.ClickAsync(x, y);
        await Assertions.Expect(page.GetByTestId("input-image")).ToBeVisibleAsync();
        var sample = System.Web.HttpUtility.ParseQueryString(new Uri(page.Url).Query)["sample"];
        Assert.NotNull(sample);
        var input = await page.GetByTestId("input-image").GetAttributeAsync("src");

        await page.GetByTestId("open-traversal").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"^https?://[^/]+/traversal([?#]|$)")); // polled: no navigation missed
        await Assertions.Expect(page.GetByTestId("traversal-cell")).ToHaveCountAsync(4 * 9, FirstRender);
        Assert.Equal(sample, System.Web.HttpUtility.ParseQueryString(new Uri(page.Url).Query)["sample"]);
        await Assertions.Expect(page.GetByTestId("sample-input")).ToHaveValueAsync(sample);
        // The same validation image, drawn at the same size.
        await Assertions.Expect(page.GetByTestId("input-image")).ToHaveAttributeAsync("src", input!);
        await page.CloseAsync();
    }

    /// <summary>LATENTDASH_SCREENSHOTS=&lt;folder&gt; keeps a picture of each view for a human to look at.</summary>
    private static async Task Screenshot(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("LATENTDASH_SCREENSHOTS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name), FullPage = true });
        }
    }

    /// <summary>Script errors and content security policy refusals on the page.</summary>
    private static List<string> CollectErrors(IPage page)
    {
        var problems = new List<string>();
        page.PageError += (_, error) => problems.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add(message.Text);
            }
        };
        return problems;
    }
}

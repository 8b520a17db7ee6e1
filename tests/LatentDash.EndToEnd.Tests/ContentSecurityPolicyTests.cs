using Microsoft.Playwright;

namespace LatentDash.EndToEnd.Tests;

/// <summary>The pages work under the dashboard's content security policy: the explorer draws its WebGL splom, decodes a
/// clicked point, and the Runs, Train and queue pages load, with no policy violation reported by the browser.</summary>
[Collection(nameof(DashboardHosts))]
public sealed class ContentSecurityPolicyTests(DashboardHost host)
{
    // Registered before any page script runs: every violation the browser reports is kept for the test to read.
    private const string RecordViolations = """
        window.__violations = [];
        document.addEventListener('securitypolicyviolation', e =>
            window.__violations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sourceFile || '') + ':' + e.lineNumber));
        """;

    [Fact]
    public async Task The_explorer_draws_and_decodes_under_the_policy_without_violations()
    {
        var page = await host.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        var console = new List<string>();
        page.Console += (_, message) => { if (message.Type is "error" or "warning") { console.Add(message.Text); } };
        await page.AddInitScriptAsync(RecordViolations);

        var response = await page.GotoAsync(host.BaseUrl + "/");
        await page.WaitForSelectorAsync("#latent-splom .main-svg");
        await page.WaitForSelectorAsync("#latent-splom canvas");
        // Click the first point of the PC1 × PC2 panel where Plotly draws it: the sliders and the decoded image appear.
        var point = await Splom.FirstPointAsync(page);
        await page.Mouse.MoveAsync(point.X, point.Y);
        await page.Mouse.ClickAsync(point.X, point.Y);
        await page.GetByTestId("slider-0").FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await Assertions.Expect(page.GetByTestId("decoded-image")).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex("^data:image/png"));
        await page.WaitForTimeoutAsync(500);

        var policy = await response!.HeaderValueAsync("content-security-policy");
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Empty(await page.EvaluateAsync<string[]>("() => window.__violations"));
        Assert.DoesNotContain(console, m => m.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
        await page.CloseAsync();
    }

    [Theory]
    [InlineData("/runs")]
    [InlineData("/train")]
    [InlineData("/hangfire")]
    public async Task Other_pages_load_under_the_policy_without_violations(string path)
    {
        var page = await host.Browser.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, message) => { if (message.Type is "error" or "warning") { console.Add(message.Text); } };
        await page.AddInitScriptAsync(RecordViolations);

        var response = await page.GotoAsync(host.BaseUrl + path);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.WaitForTimeoutAsync(500);

        Assert.Equal(200, response!.Status);
        Assert.Empty(await page.EvaluateAsync<string[]>("() => window.__violations"));
        Assert.DoesNotContain(console, m => m.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
        await page.CloseAsync();
    }
}

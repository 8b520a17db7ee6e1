using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;

// Slider → new image latency in a real browser: a running dashboard (run.sh), headless Debian Chromium, one sample
// selected, then each arrow-key step of the first slider timed until the decoded image's src has changed.
// Usage: dotnet run -c Release --project bench/LatentDash.ExplorerBench -- [http://127.0.0.1:5000] [steps 200]
var url = args.Length > 0 ? args[0] : "http://127.0.0.1:5000";
var steps = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
{
    ExecutablePath = "/usr/bin/chromium",
    Headless = true,
    Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
await page.GotoAsync(url);
await page.WaitForSelectorAsync("#latent-splom .main-svg");
var point = await page.EvaluateAsync<float[]>(@"() => {
    const gd = document.getElementById('latent-splom'); const fl = gd._fullLayout; const t = gd.data[0];
    const box = gd.getBoundingClientRect();
    return [box.left + fl.xaxis._offset + fl.xaxis.l2p(t.dimensions[0].values[0]),
            box.top + fl.yaxis2._offset + fl.yaxis2.l2p(t.dimensions[1].values[0])];
}");
await page.Mouse.MoveAsync(point[0], point[1]);
await page.Mouse.ClickAsync(point[0], point[1]);
await page.WaitForSelectorAsync("[data-testid=decoded-image]");
var slider = page.GetByTestId("slider-0");
await slider.FocusAsync();

var latencies = new List<double>();
var direction = "ArrowRight";
var recorded = 0;
for (var i = 0; recorded < steps; i++)
{
    var before = await page.GetByTestId("decoded-image").GetAttributeAsync("src");
    var watch = Stopwatch.StartNew();
    await page.Keyboard.PressAsync(direction);
    try
    {
        await page.WaitForFunctionAsync(
            "b => document.querySelector('[data-testid=decoded-image]').getAttribute('src') !== b",
            before,
            new PageWaitForFunctionOptions { PollingInterval = 1, Timeout = 2000 });
    }
    catch (TimeoutException)
    {
        // The slider sat at an end of its range: turn around; this step is not a sample.
        direction = direction == "ArrowRight" ? "ArrowLeft" : "ArrowRight";
        continue;
    }

    if (i >= 20)
    {
        latencies.Add(watch.Elapsed.TotalMilliseconds);
        recorded++;
    }
}

latencies.Sort();
double Percentile(double p) => latencies[(int)Math.Round(p / 100 * (latencies.Count - 1))];
Console.WriteLine($"slider -> new image in the browser over {latencies.Count} steps (ms): p50 {Percentile(50):F1}  p95 {Percentile(95):F1}  max {latencies[^1]:F1}");

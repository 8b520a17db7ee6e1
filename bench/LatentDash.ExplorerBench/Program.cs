using System.Diagnostics;
using System.Globalization;
using LatentDash.ExplorerBench;
using Microsoft.Playwright;

// Slider → new image latency in a real browser: a running dashboard (run.sh), headless Debian Chromium, one sample
// selected, then each arrow-key step of the first slider timed until the decoded image's src has changed; where the
// explorer moves the splom's marker at every step, also the marker move (its Plotly call, and key press → moved).
// With --opens N it instead opens the URL N times, each in a fresh browser context (nothing cached in the browser),
// and prints where the time from navigation to the drawn splom went; the first open after the dashboard starts also
// loads the model (bench/explorer-open.sh restarts the dashboard for that). --warm-first <url> opens another URL once
// before them, untimed, so that the first timed open finds the dashboard's process warm and only the model cold.
// --returning opens them all in fresh pages of one browser profile on disk instead: after the first, the browser's caches
// are warm. --cpu-profile adds, per open, where the page's main thread spent its time (V8's sampling profiler: by
// script, and the functions with the most self time).
// With --view-opens N --selector S it opens any view's URL N times in fresh pages of one browser context (the first
// with a cold browser cache, the next warm) and prints the time from navigation to S visible, and the warm median; where
// S carries an elementtiming attribute, also when the browser painted it (Element Timing).
// With --pans N, before the slider steps: N pans of one panel (Plotly.relayout of its ranges, to the next frame), one pan
// drag of N mouse moves in the modebar's pan mode (each move until the page handled it, the frame intervals meanwhile,
// and the release), and N hovers onto points (mouse move to the hover label shown).
// Usage: dotnet run -c Release --project bench/LatentDash.ExplorerBench -- [http://127.0.0.1:5000] [steps 200] [--pans 20]
//        dotnet run -c Release --project bench/LatentDash.ExplorerBench -- <url> --opens 3 [--points 10000] [--warm-first <url> [--warm-opens 1]] [--returning | --profile-dir <dir>] [--cpu-profile]
//        dotnet run -c Release --project bench/LatentDash.ExplorerBench -- <url> --view-opens 6 --selector '#curve-kl .main-svg'
var url = args.Length > 0 ? args[0] : "http://127.0.0.1:5000";
var opens = Option("--opens", 0);
var viewOpens = Option("--view-opens", 0);
var steps = args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;

using var playwright = await Playwright.CreateAsync();
var launch = new BrowserTypeLaunchOptions
{
    ExecutablePath = "/usr/bin/chromium",
    Headless = true,
    Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
};
await using var browser = await playwright.Chromium.LaunchAsync(launch);
var viewport = new ViewportSize { Width = 1440, Height = 900 };

if (viewOpens > 0)
{
    var at = Array.IndexOf(args, "--selector");
    var selector = at >= 0 && at + 1 < args.Length ? args[at + 1] : throw new ArgumentException("--view-opens needs --selector");
    await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = viewport });
    // Element Timing: when the browser painted an element that carries an elementtiming attribute (the views mark their
    // main image so). The selector's wait polls on the page's main thread, so a long task that starts right after the
    // paint (plotly.js loading for a chart drawn next) delays it past what the user already sees.
    await context.AddInitScriptAsync(
        "window.__painted = []; new PerformanceObserver(l => window.__painted.push(...l.getEntries())).observe({ type: 'element', buffered: true });");
    var times = new List<double>();
    var painted = new List<double>();
    for (var i = 0; i < viewOpens; i++)
    {
        var view = await context.NewPageAsync();
        var watch = Stopwatch.StartNew();
        await view.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Commit, Timeout = 120_000 });
        await view.WaitForSelectorAsync(selector, new PageWaitForSelectorOptions { Timeout = 120_000 });
        times.Add(watch.Elapsed.TotalMilliseconds);
        var paint = await view.EvaluateAsync<double?>(
            "async s => { for (let i = 0; i < 50; i++) { const e = window.__painted.find(p => p.element && p.element.matches(s)); " +
            "if (e) return e.renderTime || e.loadTime; await new Promise(r => setTimeout(r, 20)); } return null; }", selector);
        if (paint is { } p)
        {
            painted.Add(p);
        }

        await view.CloseAsync();
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"view opens (ms, navigation -> {selector}): {Describe(times)}"));
    if (painted.Count == times.Count)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"view opens (ms, navigation start -> painted, Element Timing): {Describe(painted)}"));
    }

    return;
}

if (opens > 0)
{
    var points = Option("--points", 1);
    // --returning: every open in a fresh page of one browser profile on disk, so that all but the first find plotly.js
    // and the page's scripts in the browser's caches (a returning user: a profile on disk also keeps V8's compiled code,
    // which an off-the-record context does not); otherwise each open gets a fresh off-the-record context of its own.
    // --profile-dir <dir>: that profile, kept after the run: a browser that comes back after the dashboard restarted.
    var profileAt = Array.IndexOf(args, "--profile-dir");
    var keptProfile = profileAt >= 0 && profileAt + 1 < args.Length ? Directory.CreateDirectory(args[profileAt + 1]) : null;
    var profile = keptProfile ?? (args.Contains("--returning") ? Directory.CreateTempSubdirectory("explorer-bench-profile-") : null);
    await using var shared = profile is null ? null : await playwright.Chromium.LaunchPersistentContextAsync(profile.FullName, new BrowserTypeLaunchPersistentContextOptions
    {
        ExecutablePath = launch.ExecutablePath,
        Headless = true,
        Args = launch.Args,
        ViewportSize = viewport,
    });
    var warmAt = Array.IndexOf(args, "--warm-first");
    // Chromium keeps the code it compiled from a script from the second load of it on: with --returning, --warm-opens 2
    // has the timed opens find plotly.js's code cached.
    var warmOpensAt = Array.IndexOf(args, "--warm-opens");
    var warmOpens = warmOpensAt >= 0 && warmOpensAt + 1 < args.Length ? int.Parse(args[warmOpensAt + 1], CultureInfo.InvariantCulture) : 1;
    for (var i = 0; warmAt >= 0 && warmAt + 1 < args.Length && i < warmOpens; i++)
    {
        Console.WriteLine($"warm-up open (untimed, another model): {await OpenFreshAsync(args[warmAt + 1])}");
    }

    for (var i = 0; i < opens; i++)
    {
        Console.WriteLine($"open {i + 1}: {await OpenFreshAsync(url)}");
    }

    if (shared is not null)
    {
        await shared.CloseAsync();
        if (keptProfile is null)
        {
            profile!.Delete(recursive: true);
        }
    }

    // One open in a fresh page, to the drawn splom: of a fresh browser context (nothing cached in the browser), or of the
    // shared one with --returning.
    async Task<string> OpenFreshAsync(string address)
    {
        await using var context = shared is null ? await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = viewport }) : null;
        var fresh = await (context ?? shared!).NewPageAsync();
        await PageTimeline.InstallAsync(fresh);
        CpuProfile? cpu = null;
        if (args.Contains("--cpu-profile"))
        {
            // From the navigation's commit on (a profiler started before it stays with about:blank's process).
            await fresh.GotoAsync(address, new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
            cpu = await CpuProfile.StartAsync(context ?? shared!, fresh);
        }
        else
        {
            await fresh.GotoAsync(address);
        }

        var figures = await PageTimeline.WaitForDrawnAsync(fresh, points);
        var summary = cpu is null ? "" : Environment.NewLine + "    " + await cpu.StopAsync();
        await fresh.CloseAsync();
        return figures + summary;
    }

    return;
}

var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = viewport });
await PageTimeline.InstallAsync(page);
await page.GotoAsync(url);
await page.WaitForSelectorAsync("#latent-splom .main-svg");
var point = await page.EvaluateAsync<float[]>(@"() => {
    const gd = document.getElementById('latent-splom'); const fl = gd._fullLayout; const t = gd.data[0];
    const box = gd.getBoundingClientRect();
    return [box.left + fl.xaxis._offset + fl.xaxis.l2p(t.dimensions[0].values[0]),
            box.top + fl.yaxis2._offset + fl.yaxis2.l2p(t.dimensions[1].values[0])];
}");
var pans = Option("--pans", 0);
if (pans > 0)
{
    // Pan: one panel's x and y ranges shifted by 5 % of their width, back and forth, through Plotly.relayout as a pan drag
    // ends; from the call until the frame after its redraw, in the page's clock.
    var panProfile = args.Contains("--cpu-profile") ? await CpuProfile.StartAsync(page.Context, page) : null;
    var panTimes = await page.EvaluateAsync<double[]>(@"async n => {
        const gd = document.getElementById('latent-splom'); const fl = gd._fullLayout;
        const x0 = fl.xaxis.range.slice(), y0 = fl.yaxis2.range.slice();
        const times = [];
        for (let i = 0; i < n; i++) {
            const f = i % 2 === 0 ? 0.05 : 0;
            const dx = (x0[1] - x0[0]) * f, dy = (y0[1] - y0[0]) * f;
            const start = performance.now();
            await window.Plotly.relayout(gd, { 'xaxis.range': [x0[0] + dx, x0[1] + dx], 'yaxis2.range': [y0[0] + dy, y0[1] + dy] });
            await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
            times.push(performance.now() - start);
        }
        return times;
    }", pans);
    Console.WriteLine($"pan (relayout of one panel's ranges -> next frame) over {pans} pans (ms): {Summary([.. panTimes.Skip(2)])}");
    if (panProfile is not null)
    {
        Console.WriteLine($"    the pans' {await panProfile.StopAsync(20)}");
    }

    // Pan drag, as a person pans: the modebar's pan mode, the mouse pressed in the middle of the first panel and moved
    // N times by 4 px (each move awaited until the page handled it), then released. Plotly redraws the WebGL panels at
    // every move; what a person sees is the interval between the frames the page paints meanwhile (a rAF loop's
    // timestamps), and the release's relayout to its next frame.
    var ranges = await page.EvaluateAsync<double[]>(@"() => { const fl = document.getElementById('latent-splom')._fullLayout;
        return [...fl.xaxis.range, ...fl.yaxis2.range]; }");
    await page.EvaluateAsync("() => window.Plotly.relayout(document.getElementById('latent-splom'), { dragmode: 'pan' })");
    var centre = await page.EvaluateAsync<float[]>(@"() => {
        const gd = document.getElementById('latent-splom'); const fl = gd._fullLayout; const box = gd.getBoundingClientRect();
        return [box.left + fl.xaxis._offset + fl.xaxis._length / 2, box.top + fl.yaxis2._offset + fl.yaxis2._length / 2];
    }");
    await page.EvaluateAsync(@"() => { window.__frames = []; window.__recording = true;
        const loop = t => { if (window.__recording) { window.__frames.push(t); requestAnimationFrame(loop); } };
        requestAnimationFrame(loop); }");
    await page.Mouse.MoveAsync(centre[0], centre[1]);
    await page.Mouse.DownAsync();
    var dragProfile = args.Contains("--cpu-profile") ? await CpuProfile.StartAsync(page.Context, page) : null;
    var panMoves = new List<double>();
    for (var i = 1; i <= pans; i++)
    {
        var moveWatch = Stopwatch.StartNew();
        await page.Mouse.MoveAsync(centre[0] + (4 * i), centre[1] + (2 * i));
        panMoves.Add(moveWatch.Elapsed.TotalMilliseconds);
    }

    var dragFrames = await page.EvaluateAsync<double[]>(@"() => { window.__recording = false;
        const f = window.__frames; return f.slice(1).map((t, i) => t - f[i]); }");
    var dragProfileSummary = dragProfile is null ? null : await dragProfile.StopAsync(20);
    var release = await page.EvaluateAsync<double>(@"async () => {
        const start = performance.now();
        const gd = document.getElementById('latent-splom');
        const done = new Promise(r => gd.once('plotly_relayout', r));
        document.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
        await Promise.race([done, new Promise(r => setTimeout(r, 5000))]);
        await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
        return performance.now() - start; }");
    await page.Mouse.UpAsync();
    // Back to zoom mode and the ranges before the drag, where the slider phase clicks its point.
    await page.EvaluateAsync(@"r => window.Plotly.relayout(document.getElementById('latent-splom'),
        { dragmode: 'zoom', 'xaxis.range': [r[0], r[1]], 'yaxis2.range': [r[2], r[3]] })", ranges);
    Console.WriteLine($"pan drag: {pans} mouse moves of 4 px, each until the page handled it (ms): {Summary(panMoves)}");
    Console.WriteLine($"    frame interval while dragging over {dragFrames.Length} frames (ms): {Summary([.. dragFrames])}; release -> relayout drawn {release:F1} ms");
    if (dragProfileSummary is not null)
    {
        Console.WriteLine($"    the drag's {dragProfileSummary}");
    }

    // Hover: the mouse onto a point of the first panel, until Plotly's hover label shows that point (the bench's own
    // round trip to the browser included, a few ms).
    var hovers = new List<double>();
    for (var i = 0; i < pans; i++)
    {
        var target = await page.EvaluateAsync<float[]>(@"i => {
            const gd = document.getElementById('latent-splom'); const fl = gd._fullLayout; const t = gd.data[i % gd.data.length];
            const j = Math.floor(i / gd.data.length) % t.dimensions[0].values.length; const box = gd.getBoundingClientRect();
            return [box.left + fl.xaxis._offset + fl.xaxis.l2p(t.dimensions[0].values[j]),
                    box.top + fl.yaxis2._offset + fl.yaxis2.l2p(t.dimensions[1].values[j])];
        }", i);
        await page.Mouse.MoveAsync(5, 5);
        await page.WaitForFunctionAsync("() => !document.querySelector('#latent-splom .hoverlayer .hovertext')", null, new PageWaitForFunctionOptions { PollingInterval = 1, Timeout = 5000 });
        var hoverWatch = Stopwatch.StartNew();
        await page.Mouse.MoveAsync(target[0], target[1]);
        try
        {
            await page.WaitForFunctionAsync("() => !!document.querySelector('#latent-splom .hoverlayer .hovertext')", null, new PageWaitForFunctionOptions { PollingInterval = 1, Timeout = 5000 });
            hovers.Add(hoverWatch.Elapsed.TotalMilliseconds);
        }
        catch (TimeoutException)
        {
            // Outside the panel's range after the pans, or hidden behind another class's point: not a sample.
        }
    }

    Console.WriteLine($"hover (mouse onto a point -> its label shown) over {hovers.Count} points (ms): {Summary(hovers)}");
}

await page.Mouse.MoveAsync(point[0], point[1]);
await page.Mouse.ClickAsync(point[0], point[1]);
await page.WaitForSelectorAsync("[data-testid=decoded-image]");
var slider = page.GetByTestId("slider-0");
await slider.FocusAsync();

var latencies = new List<double>();
var moves = new List<double>();
var markerLatencies = new List<double>();
bool? markerFollows = null;
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

    var elapsed = watch.Elapsed.TotalMilliseconds;
    // An explorer that moves the marker only when a drag pauses makes no Plotly call per step: decided on the first
    // step within less than the drag pause, and not waited for afterwards (a wait would be a pause, and a pause a redraw).
    var move = markerFollows != false ? await PageTimeline.MarkerMoveAsync(page, markerFollows is null ? 120 : 2000) : null;
    markerFollows ??= move is not null;
    if (i >= 20)
    {
        latencies.Add(elapsed);
        if (move is { } m)
        {
            moves.Add(m.Duration);
            markerLatencies.Add(m.FromKey);
        }

        recorded++;
    }
}

Console.WriteLine($"slider -> new image in the browser over {latencies.Count} steps (ms): {Summary(latencies)}");
Console.WriteLine(markerFollows == true
    ? $"marker move per step (ms): Plotly call (0: no Plotly call) {Summary(moves)}; key press -> marker moved {Summary(markerLatencies)}"
    : "marker move per step: none (the marker moves only when a drag pauses)");

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}

static string Summary(List<double> values)
{
    values.Sort();
    double Percentile(double p) => values[(int)Math.Round(p / 100 * (values.Count - 1))];
    return string.Create(CultureInfo.InvariantCulture, $"p50 {Percentile(50):F1}  p95 {Percentile(95):F1}  max {values[^1]:F1}");
}

// The first open (cold browser cache), the warm ones in order, and their median.
static string Describe(List<double> times)
{
    var warm = times.Skip(1).Order().ToList();
    return string.Create(CultureInfo.InvariantCulture,
        $"cold {times[0]:F0}; warm {string.Join(", ", times.Skip(1).Select(t => t.ToString("F0", CultureInfo.InvariantCulture)))}; warm median {(warm.Count > 0 ? warm[warm.Count / 2] : double.NaN):F0}");
}

using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace LatentDash.ExplorerBench;

/// <summary>Times what happens in the page, in the page's own clock (ms since navigation): every websocket message
/// received (when and how big), every call of Plotly's react/newPlot/restyle/relayout (start, end, points drawn), the
/// last key pressed, and when the "loading the model" indicator came and went. Installed before any page script, so it
/// works on any version of the explorer: it wraps window.Plotly the moment plotly.js defines it.</summary>
internal static class PageTimeline
{
    private const string Script = """
        (() => {
          const t = window.__t = { frames: [], calls: [], key: 0, loadingSeen: 0, loadingGone: 0, plotlyDefined: 0 };
          const Socket = window.WebSocket;
          window.WebSocket = class extends Socket {
            constructor(...args) {
              super(...args);
              this.addEventListener('message', e => t.frames.push([performance.now(),
                typeof e.data === 'string' ? e.data.length : (e.data.byteLength ?? e.data.size ?? 0)]));
            }
          };
          const points = gd => (gd && gd.data ? gd.data : []).reduce((n, d) =>
            n + (d.type === 'splom' && d.dimensions && d.dimensions[0] && d.name !== 'current point' ? d.dimensions[0].values.length : 0), 0);
          let plotly;
          Object.defineProperty(window, 'Plotly', {
            configurable: true,
            get() { return plotly; },
            set(value) {
              plotly = value;
              t.plotlyDefined = performance.now();
              for (const name of ['newPlot', 'react', 'restyle', 'relayout']) {
                const original = value[name];
                if (typeof original !== 'function') { continue; }
                value[name] = function (...args) {
                  const call = { name, s: performance.now(), e: 0, points: 0 };
                  t.calls.push(call);
                  const result = original.apply(this, args);
                  const gd = typeof args[0] === 'string' ? document.getElementById(args[0]) : args[0];
                  call.sync = performance.now() - call.s;
                  Promise.resolve(result).then(() => { call.e = performance.now(); call.points = points(gd); }, () => { call.e = -1; });
                  return result;
                };
              }
            },
          });
          document.addEventListener('keydown', () => { t.key = performance.now(); }, true);
          // A marker drawn over the plot by the page itself (no Plotly call): each move of it counts as a call of no
          // duration, when the DOM changed.
          new MutationObserver(() => { const now = performance.now(); t.calls.push({ name: 'overlay', s: now, e: now, points: 0, sync: 0 }); })
            .observe(document, { subtree: true, attributes: true, attributeFilter: ['data-x'] });
          new MutationObserver(() => {
            const loading = document.querySelector('[data-testid=model-loading]') !== null;
            if (loading && !t.loadingSeen) { t.loadingSeen = performance.now(); }
            if (!loading && t.loadingSeen && !t.loadingGone) { t.loadingGone = performance.now(); }
          }).observe(document, { childList: true, subtree: true });
        })();
        """;

    public static Task InstallAsync(IPage page) => page.AddInitScriptAsync(Script);

    /// <summary>Waits until the splom holds <paramref name="points"/> points or more, then reads where the time went.</summary>
    public static async Task<OpenFigures> WaitForDrawnAsync(IPage page, int points)
    {
        await page.WaitForFunctionAsync(
            "n => window.__t.calls.some(c => c.e > 0 && c.points >= n)", points, new PageWaitForFunctionOptions { Timeout = 300_000, PollingInterval = 5 });
        var json = await page.EvaluateAsync<JsonElement>("""
            n => {
              const t = window.__t;
              const nav = performance.getEntriesByType('navigation')[0];
              const drawn = t.calls.find(c => c.e > 0 && c.points >= n);
              const before = t.frames.filter(f => f[0] <= drawn.s);
              const data = before.reduce((a, f) => f[1] > a[1] ? f : a, [0, 0]);
              const script = performance.getEntriesByType('resource').find(r => /plotly-(gl2d-)?\d[^/]*\.js/.test(r.name));
              return { plotlyRequested: script ? script.startTime : 0, plotlyFetched: script ? script.responseEnd : 0, plotlyDefined: t.plotlyDefined, domReady: nav.domContentLoadedEventEnd, firstFrame: t.frames.length ? t.frames[0][0] : 0,
                       loadingSeen: t.loadingSeen, loadingGone: t.loadingGone, dataFrame: data[0], dataBytes: data[1],
                       drawStart: drawn.s, drawSync: drawn.sync, drawn: drawn.e, points: drawn.points,
                       bytesBeforeDraw: before.reduce((a, f) => a + f[1], 0) };
            }
            """, points);
        double Get(string name) => json.GetProperty(name).GetDouble();
        return new OpenFigures(
            Get("domReady"), Get("firstFrame"), Get("loadingSeen"), Get("loadingGone"), Get("dataFrame"), Get("dataBytes"),
            Get("drawStart"), Get("drawSync"), Get("drawn"), (int)Get("points"), Get("bytesBeforeDraw"), Get("plotlyRequested"), Get("plotlyFetched"), Get("plotlyDefined"));
    }

    /// <summary>The first restyle or relayout since the last key press (the marker moving; a whole redraw is a react), or
    /// the first move of a marker the page draws itself over the plot, as (call duration, key → call end) in ms, or null
    /// when none came within <paramref name="timeoutMs"/>.</summary>
    public static async Task<(double Duration, double FromKey)?> MarkerMoveAsync(IPage page, int timeoutMs)
    {
        try
        {
            await page.WaitForFunctionAsync(
                "() => window.__t.calls.some(c => c.s >= window.__t.key && c.e > 0 && ((c.name.startsWith('re') && c.name !== 'react') || c.name === 'overlay'))", null,
                new PageWaitForFunctionOptions { Timeout = timeoutMs, PollingInterval = 1 });
        }
        catch (TimeoutException)
        {
            return null;
        }

        var figures = await page.EvaluateAsync<double[]>(
            "() => { const c = window.__t.calls.find(c => c.s >= window.__t.key && c.e > 0 && ((c.name.startsWith('re') && c.name !== 'react') || c.name === 'overlay')); return [c.e - c.s, c.e - window.__t.key]; }");
        return (figures[0], figures[1]);
    }

    /// <summary>Where the time of one open went, in ms since navigation.</summary>
    internal sealed record OpenFigures(
        double DomReady, double FirstFrame, double LoadingSeen, double LoadingGone, double DataFrame, double DataBytes,
        double DrawStart, double DrawSync, double Drawn, int Points, double BytesBeforeDraw, double PlotlyRequested, double PlotlyFetched, double PlotlyDefined)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"drawn {Drawn:F0} ms ({Points:N0} points): DOM ready {DomReady:F0}, circuit's first message {FirstFrame:F0}, " +
            $"plotly.js requested {PlotlyRequested:F0}, fetched {PlotlyFetched:F0} and run {PlotlyDefined:F0}, " +
            $"model loading {(LoadingSeen > 0 ? $"{LoadingSeen:F0}–{LoadingGone:F0}" : "not shown")}, largest message {DataBytes / 1024:F0} KB at {DataFrame:F0} " +
            $"({BytesBeforeDraw / 1024:F0} KB received in all), Plotly call at {DrawStart:F0} (message → call {DrawStart - DataFrame:F0}), " +
            $"Plotly draw {Drawn - DrawStart:F0} (synchronous part {DrawSync:F0})");
    }
}

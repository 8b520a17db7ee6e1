using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace LatentDash.ExplorerBench;

/// <summary>The page's main thread during an open, from V8's sampling profiler (Chrome DevTools Protocol): time per
/// script (plotly.js, blazor.web.js, MudBlazor, the splom module, the page's other scripts), per top function, and
/// V8's own buckets ((program): the browser's native work on that thread, layout and paint included; (garbage
/// collector); (idle): the thread waiting). Started on a blank page of the site, so the explorer's navigation stays in
/// the same renderer process and the profile covers it from its first byte.</summary>
internal sealed class CpuProfile
{
    private readonly ICDPSession session;

    private CpuProfile(ICDPSession session) => this.session = session;

    public static async Task<CpuProfile> StartAsync(IBrowserContext context, IPage page)
    {
        var session = await context.NewCDPSessionAsync(page);
        await session.SendAsync("Profiler.enable");
        await session.SendAsync("Profiler.setSamplingInterval", new Dictionary<string, object> { ["interval"] = 200 });
        await session.SendAsync("Profiler.start");
        return new CpuProfile(session);
    }

    /// <summary>Stops the profiler and returns its summary: the scripts' shares and the <paramref name="top"/>
    /// functions by self time, in ms.</summary>
    public async Task<string> StopAsync(int top = 12)
    {
        var result = await session.SendAsync("Profiler.stop");
        await session.DetachAsync();
        var profile = result!.Value.GetProperty("profile");
        // A native function (no script of its own: getBoundingClientRect, a WebGL call) counts for the script that called it.
        var frames = new Dictionary<int, (string Function, string Url, int Line, int Column)>();
        var parents = new Dictionary<int, int>();
        foreach (var node in profile.GetProperty("nodes").EnumerateArray())
        {
            var id = node.GetProperty("id").GetInt32();
            var frame = node.GetProperty("callFrame");
            frames[id] = (
                frame.GetProperty("functionName").GetString() is { Length: > 0 } name ? name : "(anonymous)",
                ScriptOf(frame.GetProperty("url").GetString() ?? ""),
                frame.GetProperty("lineNumber").GetInt32() + 1,
                frame.GetProperty("columnNumber").GetInt32() + 1);
            if (node.TryGetProperty("children", out var children))
            {
                foreach (var child in children.EnumerateArray())
                {
                    parents[child.GetInt32()] = id;
                }
            }
        }

        var nodes = new Dictionary<int, (string Function, string Script)>();
        foreach (var (id, frame) in frames)
        {
            if (frame.Url.Length > 0)
            {
                nodes[id] = (FormattableString.Invariant($"{frame.Function} ({frame.Url}:{frame.Line}:{frame.Column})"), frame.Url);
                continue;
            }

            var caller = id;
            while (frames[caller].Url.Length == 0 && parents.TryGetValue(caller, out var parent))
            {
                caller = parent;
            }

            // V8's own buckets ((program), (idle), (garbage collector)) hang off the root: they stay themselves. A native
            // function is named with the script function that called it (a forced layout says whose it is).
            var (callerFunction, callerUrl, callerLine, callerColumn) = frames[caller];
            nodes[id] = callerUrl.Length > 0
                ? (FormattableString.Invariant($"{frame.Function} <- {callerFunction} ({callerUrl}:{callerLine}:{callerColumn})"), callerUrl)
                : (frame.Function, frame.Function);
        }

        var byScript = new Dictionary<string, double>();
        var byFunction = new Dictionary<string, double>();
        var samples = profile.GetProperty("samples").EnumerateArray().Select(s => s.GetInt32()).ToList();
        var deltas = profile.GetProperty("timeDeltas").EnumerateArray().Select(d => d.GetDouble()).ToList();
        // A sample's time is the gap to the next one (the deltas are those before each sample).
        for (var i = 0; i + 1 < samples.Count; i++)
        {
            var (function, script) = nodes[samples[i]];
            var ms = deltas[i + 1] / 1000;
            byScript[script] = byScript.GetValueOrDefault(script) + ms;
            byFunction[function] = byFunction.GetValueOrDefault(function) + ms;
        }

        var busy = byScript.Where(s => s.Key != "(idle)").Sum(s => s.Value);
        var scripts = string.Join(", ", byScript.Where(s => s.Key != "(idle)").OrderByDescending(s => s.Value)
            .Select(s => FormattableString.Invariant($"{s.Key} {s.Value:F0}")));
        var functions = string.Join("; ", byFunction.Where(f => !f.Key.StartsWith('(')).OrderByDescending(f => f.Value).Take(top)
            .Select(f => FormattableString.Invariant($"{f.Key} {f.Value:F0}")));
        return FormattableString.Invariant(
            $"main thread {busy:F0} ms busy, {byScript.GetValueOrDefault("(idle)"):F0} ms idle; by script: {scripts}{Environment.NewLine}    top functions (self ms): {functions}");
    }

    // The file name without its fingerprint or query: "plotly-gl2d-3.7.0.min.js", "blazor.web.js", "splom.js".
    private static string ScriptOf(string url)
    {
        if (url.Length == 0)
        {
            return "";
        }

        var name = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? Path.GetFileName(uri.AbsolutePath) : url;
        return name.Length == 0 ? "(page)" : name;
    }
}

using Microsoft.Playwright;

namespace LatentDash.EndToEnd.Tests;

/// <summary>The explorer's scatter-plot matrix as a test clicks it.</summary>
internal static class Splom
{
    /// <summary>A JS expression: the current point's marker on each panel, as splom.js draws it over the plot
    /// ({ xref, yref, x, y, visible }).</summary>
    public const string Markers =
        "[...document.querySelectorAll('#latent-splom svg.latent-splom-marker path')].map(p => " +
        "({ xref: p.dataset.xref, yref: p.dataset.yref, x: +p.dataset.x, y: +p.dataset.y, visible: p.getAttribute('visibility') === 'visible' }))";

    /// <summary>Waits until the splom's current points answer clicks (its first drawn SVG comes earlier, before its click
    /// handler is attached), then returns the page pixel of the first point of the first class in the first-by-second
    /// component panel, where Plotly itself draws it.</summary>
    public static async Task<(float X, float Y)> FirstPointAsync(IPage page)
    {
        await page.WaitForSelectorAsync("#latent-splom[data-clickable]");
        var point = await page.EvaluateAsync<float[]>(@"() => {
            const gd = document.getElementById('latent-splom');
            const fl = gd._fullLayout;
            const trace = gd.data[0];
            const px = fl.xaxis._offset + fl.xaxis.l2p(trace.dimensions[0].values[0]);
            const py = fl.yaxis2._offset + fl.yaxis2.l2p(trace.dimensions[1].values[0]);
            const box = gd.getBoundingClientRect();
            return [box.left + px, box.top + py];
        }");
        return (point[0], point[1]);
    }
}

using Microsoft.AspNetCore.Components;

namespace LatentDash.Web.Explorer.Components;

/// <summary>The explorer's traversal: the images (input, reconstruction, decoded from the sliders), one slider per
/// component, the classifier's probabilities and the latent values, all read from the circuit's
/// <see cref="ExplorerSession"/>. A slider step is handled here and renders this panel alone; the page hears of each
/// decoded step through <see cref="StepDecoded"/>, a plain delegate, so that the page (pickers, selects, chart, links)
/// is not rendered again for it.</summary>
public sealed partial class TraversalPanel
{
    private readonly Coalescer decodes = new();

    [Inject] private ExplorerSession Session { get; set; } = default!;

    /// <summary>Called after a slider step has been decoded (not after the steps a coalesced decode overtook). A plain
    /// delegate rather than an EventCallback: an EventCallback would render its receiver, the whole page, every step.</summary>
    [Parameter, EditorRequired] public Action StepDecoded { get; set; } = default!;

    /// <summary>The image follows every step of a drag, coalesced: only the latest values are decoded. This panel renders
    /// the moved slider's caption at once and the decode when it is done.</summary>
    private async Task OnSliderMoved((int Component, double Value) move)
    {
        Session.Move(move.Component, move.Value);
        if (await decodes.RunAsync(Session.Decode))
        {
            StepDecoded();
        }
    }
}

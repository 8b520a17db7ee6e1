using Microsoft.AspNetCore.Components;

namespace LatentDash.Web.Explorer.Components;

/// <summary>The explorer's traversal: the images (input, reconstruction, decoded from the sliders), one slider per
/// component, the classifier's probabilities and the latent values, all read from the circuit's
/// <see cref="ExplorerSession"/>. A slider step is handled here and renders this panel alone; the page hears of each
/// decoded step through <see cref="StepDecoded"/>, a plain delegate, so that the page (pickers, selects, chart, links)
/// is not rendered again for it. Every render of the page renders the panel too (its one parameter is a delegate, which
/// Blazor always takes for changed), so what the page changes in the session (a sample, axes, a class) shows here.</summary>
public sealed partial class TraversalPanel : IHandleEvent
{
    private readonly Coalescer decodes = new();

    [Inject] private ExplorerSession Session { get; set; } = default!;

    /// <summary>Called after a slider step has been decoded and rendered (not after the steps a coalesced decode
    /// overtook). A plain delegate rather than an EventCallback: an EventCallback would render its receiver, the whole
    /// page, every step.</summary>
    [Parameter, EditorRequired] public Action StepDecoded { get; set; } = default!;

    // A step renders the moved slider's caption at once, like any event; the handler renders the decode itself (below),
    // so the render that ComponentBase would add once the handler completes is left out.
    Task IHandleEvent.HandleEventAsync(EventCallbackWorkItem item, object? arg)
    {
        var handling = item.InvokeAsync(arg);
        StateHasChanged();
        return handling;
    }

    /// <summary>The image follows every step of a drag, coalesced: only the latest values are decoded. The decoded image
    /// is rendered before the page hears of the step, so that it reaches the browser before the splom's marker moves.</summary>
    private async Task OnSliderMoved((int Component, double Value) move)
    {
        Session.Move(move.Component, move.Value);
        if (await decodes.RunAsync(Session.Decode))
        {
            StateHasChanged();
            StepDecoded();
        }
    }
}

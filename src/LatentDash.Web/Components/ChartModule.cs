using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace LatentDash.Web.Components;

/// <summary>A chart drawn by one of our JS modules (wwwroot/js: the splom, the manifold's scatter): the module imported
/// once, the owner's reference for the module's callbacks (a clicked point), and the module's <c>dispose</c> of the
/// chart's element when the owner goes.</summary>
/// <remarks>The module exports <c>draw(element, owner, …arguments)</c> and <c>dispose(element)</c>.</remarks>
internal sealed class ChartModule<TOwner>(IJSRuntime js, string path, TOwner owner) : IAsyncDisposable
    where TOwner : class
{
    private Task<IJSObjectReference>? module;
    private DotNetObjectReference<TOwner>? self;
    private ElementReference? drawn;

    /// <summary>Imports the module (once) and calls its <c>draw</c> on <paramref name="element"/>.</summary>
    public async Task DrawAsync(ElementReference element, params object?[] arguments)
    {
        module ??= js.InvokeAsync<IJSObjectReference>("import", path).AsTask();
        var loaded = await module;
        self ??= DotNetObjectReference.Create(owner);
        drawn = element;
        await loaded.InvokeVoidAsync("draw", [element, self, .. arguments]);
    }

    public async ValueTask DisposeAsync()
    {
        if (module is { IsCompletedSuccessfully: true } loaded)
        {
            try
            {
                if (drawn is { } element)
                {
                    await loaded.Result.InvokeVoidAsync("dispose", element);
                }

                await loaded.Result.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone with the page: the browser has dropped the chart already.
            }
        }

        self?.Dispose();
    }
}

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

    /// <summary>Why the last draw failed (shown above the chart), or null once a draw succeeded.</summary>
    public string? Error { get; private set; }

    /// <summary>Imports the module (once) and calls its <c>draw</c> on <paramref name="element"/>. A chart that cannot be
    /// drawn must not end the circuit, so a failure becomes <see cref="Error"/>, and a browser that has left is nothing
    /// to draw on. Returns whether <see cref="Error"/> changed (the owner renders again to show it).</summary>
    public async Task<bool> TryDrawAsync(ElementReference element, params object?[] arguments)
    {
        var before = Error;
        try
        {
            module ??= js.InvokeAsync<IJSObjectReference>("import", path).AsTask();
            var loaded = await module;
            self ??= DotNetObjectReference.Create(owner);
            drawn = element;
            await loaded.InvokeVoidAsync("draw", [element, self, .. arguments]);
            Error = null;
        }
        catch (JSException ex)
        {
            Error = $"The scatter plot could not be drawn: {ex.Message}";
        }
        catch (JSDisconnectedException)
        {
            // The browser left: nothing to draw on.
        }

        return Error != before;
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

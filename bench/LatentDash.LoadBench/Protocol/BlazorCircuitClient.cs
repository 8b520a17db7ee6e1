using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace LatentDash.LoadBench.Protocol;

/// <summary>A Blazor Server circuit driven without a browser, speaking to /_blazor what blazor.web.js (.NET 10) speaks:
/// StartCircuit with no initial components, then UpdateRootComponents with the prerendered page's markers; every render
/// batch acknowledged (OnRenderCompleted) once read; every JS interop call answered as a success with a plausible
/// result (a fresh object reference where one is asked for, a plausible value for the two calls that want a value type, null
/// otherwise: the page's MudBlazor and Plotly.Blazor calls need nothing more); a navigation answered with OnLocationChanged as the browser's history would; events dispatched
/// through the renderer's interop object (BeginInvokeDotNetFromJS "DispatchEventAsync"), as the page's event delegator
/// does. On disposal it sends the disconnect beacon a closing page sends, so the server frees the circuit at once.</summary>
internal sealed class BlazorCircuitClient : IAsyncDisposable
{
    // DotNet.JSCallResultType
    private const int JSObjectReferenceResult = 1;
    private static readonly TimeSpan BeaconPatience = TimeSpan.FromSeconds(2);

    private readonly HttpClient http;
    private readonly Uri address;
    private readonly HubConnection connection;
    private readonly TaskCompletionSource<long> rendererInterop = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<string> errors = new();

    // A page's one thread: a batch is applied and acknowledged, or an event is read from the DOM and sent, never both.
    private readonly SemaphoreSlim turn = new(1, 1);
    private long nextJsObjectId = 1;
    private long nextCallId = 1;
    private volatile bool disposing;

    public BlazorCircuitClient(HttpClient http, Uri address)
    {
        this.http = http;
        this.address = address;
        var builder = new HubConnectionBuilder().WithUrl(new Uri(address, "/_blazor"), HttpTransportType.WebSockets);
        builder.Services.AddSingleton<IHubProtocol, BlazorPackHubProtocol>();
        connection = builder.Build();
        connection.ServerTimeout = TimeSpan.FromSeconds(60);
        connection.On("JS.RenderBatch", [typeof(long), typeof(byte[])], OnRenderBatchAsync);
        connection.On("JS.BeginInvokeJS", [typeof(long), typeof(string), typeof(string), typeof(int), typeof(long), typeof(int)], OnBeginInvokeJSAsync);
        connection.On("JS.EndInvokeDotNet", [typeof(string), typeof(bool), typeof(string)], OnEndInvokeDotNet);
        connection.On("JS.Error", [typeof(string)], args =>
        {
            if (!disposing)
            {
                errors.Enqueue($"JS.Error: {args[0]}");
                Lost = true;
            }

            return Task.CompletedTask;
        });
        connection.On("JS.AttachComponent", [typeof(int), typeof(string)], _ => Task.CompletedTask);
        connection.On("JS.EndUpdateRootComponents", [typeof(long)], _ => Task.CompletedTask);
        connection.Closed += error =>
        {
            if (!disposing)
            {
                errors.Enqueue($"connection closed: {error?.Message ?? "by the server"}");
                Lost = true;
            }

            return Task.CompletedTask;
        };
    }

    /// <summary>Raised for every render batch, with the Stopwatch timestamp of its arrival, before it is acknowledged.</summary>
    public event Action<RenderBatch, long>? Rendered;

    /// <summary>The circuit's id (its secret), once started.</summary>
    public string? CircuitId { get; private set; }

    /// <summary>The circuit ended (JS.Error) or the connection closed while in use.</summary>
    public bool Lost { get; private set; }

    /// <summary>What went wrong: JS.Error messages, failed event dispatches, unreadable batches, a lost connection.</summary>
    public IReadOnlyCollection<string> Errors => errors;

    /// <summary>The JS functions the server called, with how often (LOADBENCH_VERBOSE lists them).</summary>
    public ConcurrentDictionary<string, int> JsCalls { get; } = new();

    public async Task StartAsync(PrerenderedPage page, CancellationToken cancellation)
    {
        await connection.StartAsync(cancellation);
        CircuitId = await connection.InvokeAsync<string?>(
            "StartCircuit", new Uri(address, "/").ToString(), address.ToString(), "[]", page.ApplicationState, cancellation)
            ?? throw new InvalidOperationException("the server refused to start the circuit");
        await connection.SendAsync("UpdateRootComponents", page.AddOperations(), page.ApplicationState, cancellation);
    }

    /// <summary>Dispatches a DOM event to a handler as the page's event delegator does: the descriptor names the handler,
    /// the event and the bound field's new value (eventFieldInfo, for an input), and the event args go beside it.</summary>
    /// <remarks><paramref name="target"/> (the handler id and the component that rendered it) is read at the moment of
    /// sending, between two batches, as a page reads it from its DOM: a handler id that a batch replaced is gone once
    /// that batch is acknowledged.</remarks>
    public async Task DispatchAsync(Func<(ulong Handler, int Component)> target, string eventName, string fieldValue, object eventArgs, CancellationToken cancellation)
    {
        var interop = await rendererInterop.Task.WaitAsync(cancellation);
        var callId = Interlocked.Increment(ref nextCallId).ToString(CultureInfo.InvariantCulture);
        await turn.WaitAsync(cancellation);
        try
        {
            var (handler, component) = target();
            var descriptor = new JsonObject
            {
                ["eventHandlerId"] = handler,
                ["eventName"] = eventName,
                ["eventFieldInfo"] = new JsonObject { ["componentId"] = component, ["fieldValue"] = fieldValue },
            };
            var args = new JsonArray(descriptor, JsonSerializer.SerializeToNode(eventArgs)).ToJsonString();
            await connection.SendAsync("BeginInvokeDotNetFromJS", callId, null, "DispatchEventAsync", interop, args, cancellation);
        }
        finally
        {
            turn.Release();
        }
    }

    private async Task OnRenderBatchAsync(object?[] args)
    {
        var arrived = Stopwatch.GetTimestamp();
        var id = (long)args[0]!;
        string? failure = null;
        await turn.WaitAsync();
        try
        {
            try
            {
                Rendered?.Invoke(RenderBatchReader.Read((byte[])args[1]!), arrived);
            }
            catch (Exception ex) when (ex is FormatException or ArgumentOutOfRangeException or IndexOutOfRangeException or InvalidCastException)
            {
                failure = $"render batch {id} unreadable: {ex.Message}";
                errors.Enqueue(failure);
            }

            // A browser reports a batch it could not apply; the server then ends the circuit, as it should.
            await connection.SendAsync("OnRenderCompleted", id, failure);
        }
        finally
        {
            turn.Release();
        }
    }

    private async Task OnBeginInvokeJSAsync(object?[] args)
    {
        var (handle, identifier, argsJson, resultType) = ((long)args[0]!, (string)args[1]!, (string?)args[2], (int)args[3]!);
        JsCalls.AddOrUpdate(identifier, 1, (_, n) => n + 1);
        if (identifier.EndsWith("attachWebRendererInterop", StringComparison.Ordinal) && argsJson is not null &&
            JsonNode.Parse(argsJson) is JsonArray { Count: > 1 } attach && attach[1]?["__dotNetObject"] is { } interop)
        {
            rendererInterop.TrySetResult(interop.GetValue<long>());
        }
        else if (identifier.EndsWith("navigationManager.navigateTo", StringComparison.Ordinal) && argsJson is not null &&
                 JsonNode.Parse(argsJson) is JsonArray { Count: > 0 } navigate && navigate[0]?.GetValue<string>() is { } target)
        {
            // The browser's history takes the new address and tells the circuit, which thus learns its own URL.
            await connection.SendAsync("OnLocationChanged", new Uri(address, target).AbsoluteUri, null, false);
        }

        if (handle != 0)
        {
            JsonNode? result = resultType == JSObjectReferenceResult
                ? new JsonObject { ["__jsObjectId"] = Interlocked.Increment(ref nextJsObjectId) }
                : PlausibleResult(identifier, argsJson);
            await connection.SendAsync("EndInvokeJSFromDotNet", handle, true, new JsonArray(handle, true, result).ToJsonString());
        }
    }

    /// <summary>What a fresh page answers to the calls that return a value type, where null would not deserialise: MudBlazor's
    /// script is there (MudBlazor checks for it), plotly.js is not loaded yet (Plotly.Blazor then imports it), and the page
    /// has one popover provider (MudBlazor warns of more).</summary>
    private static JsonNode? PlausibleResult(string identifier, string? argsJson) => identifier switch
    {
        "window.hasOwnProperty" => argsJson?.Contains("Plotly", StringComparison.Ordinal) != true,
        "mudpopoverHelper.countProviders" => 1,
        _ => null,
    };

    private Task OnEndInvokeDotNet(object?[] args)
    {
        if (args[1] is false)
        {
            errors.Enqueue($"a .NET call failed: {args[2]}");
        }

        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        // A closing page's connection goes with the page; its beacon follows.
        disposing = true;
        await connection.StopAsync();
        if (CircuitId is { } circuit)
        {
            try
            {
                // navigator.sendBeacon("_blazor/disconnect", circuitId) of a page that closes. A beacon waits for nobody, and
                // the answer can take a minute: the server answers once the circuit is disposed, and the disposal of the
                // page's MudBlazor and Plotly.Blazor components makes JS calls that, with the page gone, wait out the JS
                // interop timeout. The server goes on terminating the circuit when the request is dropped.
                using var form = new MultipartFormDataContent { { new StringContent(circuit), "circuitId" } };
                using var patience = new CancellationTokenSource(BeaconPatience);
                using var response = await http.PostAsync(new Uri(address, "/_blazor/disconnect"), form, patience.Token);
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                // Sent; the answer is not awaited (above).
            }
        }

        await connection.DisposeAsync();
        turn.Dispose();
    }
}

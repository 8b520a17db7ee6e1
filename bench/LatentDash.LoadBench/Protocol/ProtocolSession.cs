using System.Diagnostics;
using System.Globalization;

namespace LatentDash.LoadBench.Protocol;

/// <summary>One explorer session without a browser: the explorer URL of a model and a sample fetched, its circuit
/// started over SignalR (<see cref="BlazorCircuitClient"/>), and the first slider stepped at a fixed rate by sending the
/// input events its <c>input type=range</c> would send, without waiting for the image.
/// A step is timed from its send to the arrival of the render batch holding the first decode rendered after the
/// step's value was: a component diff that brings a new decoded image (<c>data:image/png;base64,…</c>) or updates the z
/// text (a step along a dimension the decoder ignores gives a byte-identical PNG), after the diff that brings the step's
/// value into the slider's caption (3 decimals; the explorer renders the moved slider once before it decodes). Such a
/// decode answers the newest pending step whose caption was shown and every older one, since the explorer coalesces a
/// fast drag. This is what <see cref="PageProbe"/> times inside a page, read from the batches instead of the DOM, and
/// diff by diff: a page sees a batch at once, so a batch carrying one step's decode and the next step's caption answers
/// both there.</summary>
internal sealed class ProtocolSession(HttpClient http, Uri address) : ILoadSession, IAsyncDisposable
{
    private const int MaxSwing = 40;
    private const string ImagePrefix = "data:image/png;base64,";
    private const double CaptionResolution = 0.0015;

    private readonly Lock gate = new();
    private readonly List<Step> steps = [];
    private readonly TaskCompletionSource sliderFound = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource stop = new();
    private BlazorCircuitClient? client;
    private SliderInput? slider;
    private int zComponent = -1;
    private int shown;
    private int answered;
    private int unmatched;
    private int decodeBatches;
    private long from = long.MaxValue;
    private int swing;
    private double stride;
    private bool rightFirst;
    private bool closed;

    public string? Failure { get; private set; }

    public TimeSpan OpenTime { get; private set; }

    public int Sent { get; private set; }

    /// <summary>Render batches that brought a decode (a new image or z) since the drive began: with the steps a decode
    /// coalesced, fewer than the steps sent.</summary>
    public int Decodes
    {
        get
        {
            lock (gate)
            {
                return decodeBatches;
            }
        }
    }

    public IReadOnlyList<string> Errors => [.. client?.Errors ?? []];

    public bool CircuitLost => client?.Lost ?? false;

    /// <summary>The JS functions the server called on this circuit.</summary>
    public IReadOnlyDictionary<string, int> JsCalls => client?.JsCalls ?? new();

    /// <summary>Fetches the page, starts its circuit and waits until the first slider is rendered by it (the model is
    /// loaded then; the prerendered page only promises it).</summary>
    public async Task OpenAsync(TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
        cancellation.CancelAfter(timeout);
        try
        {
            var page = await PrerenderedPage.GetAsync(http, address, cancellation.Token);
            client = new BlazorCircuitClient(http, address);
            client.Rendered += OnRendered;
            await client.StartAsync(page, cancellation.Token);
            await sliderFound.Task.WaitAsync(cancellation.Token);
            var input = slider!.Value;
            // A move must change the 3-decimal caption that marks its answer: on a narrow slider, several steps at once.
            stride = input.Step * Math.Ceiling(CaptionResolution / input.Step);
            var up = (int)Math.Floor((input.Max - input.Start) / stride);
            var down = (int)Math.Floor((input.Start - input.Min) / stride);
            rightFirst = up >= down;
            swing = Math.Min(MaxSwing, Math.Max(up, down) - 1);
            if (swing < 1)
            {
                Failure = $"slider-0 has no room to move ({input.Min}..{input.Max} by {stride})";
                return;
            }

            OpenTime = watch.Elapsed;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or InvalidOperationException or TimeoutException)
        {
            Failure = $"{address} not interactive in {timeout.TotalSeconds:F0} s: {ex.Message.Split('\n')[0]}" +
                (client?.Errors.FirstOrDefault() is { } why ? $" ({why})" : "");
        }
    }

    /// <summary>Sends a slider step every period until the duration is over, starting after the given delay; steps sent
    /// in the warm-up are not measured.</summary>
    public async Task DriveAsync(TimeSpan period, TimeSpan delay, TimeSpan duration, TimeSpan warmup)
    {
        if (Failure is not null || client is null || slider is null)
        {
            return;
        }

        try
        {
            await Task.Delay(delay, stop.Token);
            from = Stopwatch.GetTimestamp() + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
            using var timer = new PeriodicTimer(period);
            var watch = Stopwatch.StartNew();
            var offset = 0;
            var origin = slider.Value;
            while (await timer.WaitForNextTickAsync(stop.Token) && watch.Elapsed < duration && !client.Lost)
            {
                var outward = Sent / swing % 2 == 0;
                offset += outward == rightFirst ? 1 : -1;
                var value = origin.Start + (offset * stride);
                var text = value.ToString("R", CultureInfo.InvariantCulture);
                lock (gate)
                {
                    steps.Add(new Step(value.ToString("F3", CultureInfo.InvariantCulture), Stopwatch.GetTimestamp()));
                }

                await client.DispatchAsync(Target, "input", text, new { value = text }, stop.Token);
                Sent++;
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException or IOException)
        {
            Failure = $"stopped after {Sent} steps: {ex.Message.Split('\n')[0]}";
        }
    }

    /// <summary>Waits (up to <paramref name="wait"/>) for the pending steps, then gives the session's figures.</summary>
    public async Task<SessionFigures?> CollectAsync(TimeSpan wait)
    {
        if (client is null || slider is null)
        {
            return null;
        }

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < wait && !client.Lost)
        {
            lock (gate)
            {
                if (answered == steps.Count)
                {
                    break;
                }
            }

            await Task.Delay(50);
        }

        lock (gate)
        {
            var measured = steps.Where(s => s.SentAt >= from).ToList();
            var latencies = measured.Where(s => s.Milliseconds >= 0).Select(s => s.Milliseconds).ToList();
            return new SessionFigures(measured.Count, measured.Count - latencies.Count, unmatched, client.Lost ? 1 : 0, latencies);
        }
    }

    public async Task CloseAsync()
    {
        if (closed)
        {
            return;
        }

        closed = true;
        await stop.CancelAsync();
        if (client is not null)
        {
            await client.DisposeAsync();
        }

        stop.Dispose();
    }

    public async ValueTask DisposeAsync() => await CloseAsync();

    private (ulong Handler, int Component) Target()
    {
        lock (gate)
        {
            return (slider!.Value.Handler, slider.Value.Component);
        }
    }

    private void OnRendered(RenderBatch batch, long arrived)
    {
        lock (gate)
        {
            Find(batch);
            if (steps.Count == 0)
            {
                return;
            }

            // Diffs in render order: one batch may carry the decode of a step and the caption of the next (the explorer
            // renders a moved slider before it decodes), and that decode answers only the steps shown before it.
            var decodes = 0;
            foreach (var diff in batch.Diffs)
            {
                var brought = diff.Edits.SelectMany(batch.FramesOf).ToList();
                var texts = brought.Select(f => f.Type == RenderBatch.FrameType.Attribute ? f.Value : f.Name).Where(t => t is { Length: < 32 }).ToHashSet();
                for (var i = steps.Count - 1; i >= shown; i--)
                {
                    if (texts.Contains(steps[i].Caption))
                    {
                        // The newest pending step whose value the slider's caption shows, and every older one.
                        shown = i + 1;
                        break;
                    }
                }

                var decoded = brought.Any(f => f.Type == RenderBatch.FrameType.Attribute && f.Value is { } src && src.StartsWith(ImagePrefix, StringComparison.Ordinal)) ||
                    (diff.ComponentId == zComponent && diff.Edits.Any(e => e.Type is RenderBatch.EditType.UpdateText or RenderBatch.EditType.PrependFrame));
                if (!decoded)
                {
                    continue;
                }

                // One decode renders the image and the z: the second diff belongs to the decode the first one counted.
                if (answered == shown)
                {
                    unmatched += decodes++ == 0 ? 1 : 0;
                    continue;
                }

                decodes++;

                for (var i = answered; i < shown; i++)
                {
                    steps[i] = steps[i] with { Milliseconds = Stopwatch.GetElapsedTime(steps[i].SentAt, arrived).TotalMilliseconds };
                }

                answered = shown;
            }

            decodeBatches += decodes > 0 ? 1 : 0;
        }
    }

    /// <summary>Finds, in the frames a batch brings in, the first slider's input (its input handler, the component that
    /// rendered it and its range) and the component that renders the decoded z; follows the input's handler when a
    /// re-render gives it a new id.</summary>
    private void Find(RenderBatch batch)
    {
        foreach (var diff in batch.Diffs)
        {
            foreach (var edit in diff.Edits)
            {
                if (edit.Type == RenderBatch.EditType.SetAttribute && slider is { } known && diff.ComponentId == known.Component &&
                    batch.Frames[edit.ReferenceFrameIndex] is { Name: "oninput", EventHandlerId: > 0 } handler)
                {
                    slider = known with { Handler = handler.EventHandlerId };
                    continue;
                }

                if (edit.Type != RenderBatch.EditType.PrependFrame)
                {
                    continue;
                }

                var end = edit.ReferenceFrameIndex + Math.Max(1, batch.Frames[edit.ReferenceFrameIndex].SubtreeLength);
                for (var i = edit.ReferenceFrameIndex; i < end; i++)
                {
                    if (batch.Frames[i].Type != RenderBatch.FrameType.Element)
                    {
                        continue;
                    }

                    var attributes = new Dictionary<string, RenderBatch.Frame>();
                    for (var a = i + 1; a < end && batch.Frames[a].Type == RenderBatch.FrameType.Attribute; a++)
                    {
                        attributes[batch.Frames[a].Name ?? ""] = batch.Frames[a];
                    }

                    var testId = attributes.GetValueOrDefault("data-testid").Value;
                    if (testId == "latent-z")
                    {
                        zComponent = diff.ComponentId;
                    }
                    else if (testId == "slider-0" && batch.Frames[i].Name == "input" && attributes.TryGetValue("oninput", out var input))
                    {
                        double Number(string name) => double.Parse(attributes[name].Value!, CultureInfo.InvariantCulture);
                        // A re-created input keeps the drive's origin: only its handler and component are new.
                        slider = slider is { } before
                            ? before with { Handler = input.EventHandlerId, Component = diff.ComponentId }
                            : new SliderInput(input.EventHandlerId, diff.ComponentId, Number("min"), Number("max"), Number("step"), Number("value"));
                        sliderFound.TrySetResult();
                    }
                }
            }
        }
    }

    private readonly record struct Step(string Caption, long SentAt, double Milliseconds = -1);

    private readonly record struct SliderInput(ulong Handler, int Component, double Min, double Max, double Step, double Start);
}

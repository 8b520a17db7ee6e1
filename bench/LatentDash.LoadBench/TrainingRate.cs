using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace LatentDash.LoadBench;

/// <summary>The throughput of the training that runs meanwhile, read every two seconds from GET /api/trainings/{id}
/// (progress.images_per_second, while its status is running).</summary>
internal sealed class TrainingRate : IAsyncDisposable
{
    private readonly HttpClient http;
    private readonly string id;
    private readonly CancellationTokenSource stop = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly List<(TimeSpan At, double Rate)> samples = [];
    private readonly Task polling;

    public TrainingRate(Uri server, string id)
    {
        http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(5) };
        this.id = id;
        polling = PollAsync();
    }

    /// <summary>The time on this object's clock, to mark a window.</summary>
    public TimeSpan Mark() => clock.Elapsed;

    /// <summary>The median rate seen between two marks, and how many readings it rests on.</summary>
    public (double Median, int Readings) Between(TimeSpan from, TimeSpan to)
    {
        double[] rates;
        lock (samples)
        {
            rates = [.. samples.Where(s => s.At >= from && s.At <= to).Select(s => s.Rate).Order()];
        }

        return rates.Length == 0 ? (double.NaN, 0) : (rates[rates.Length / 2], rates.Length);
    }

    private async Task PollAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(2));
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token))
            {
                try
                {
                    var run = await http.GetFromJsonAsync<JsonElement>($"api/trainings/{Uri.EscapeDataString(id)}", stop.Token);
                    if (run.GetProperty("status").GetString() == "running" &&
                        run.GetProperty("progress") is { ValueKind: JsonValueKind.Object } progress &&
                        progress.GetProperty("images_per_second").GetDouble() is > 0 and var rate)
                    {
                        lock (samples)
                        {
                            samples.Add((clock.Elapsed, rate));
                        }
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException or TaskCanceledException)
                {
                    // A missed reading under load is no figure: the median rests on the readings that came back.
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await polling;
        stop.Dispose();
        http.Dispose();
    }
}

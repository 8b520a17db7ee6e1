using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LatentDash.Web.Tests.Explorer;
using LatentDash.Web.Tests.Support;

namespace LatentDash.Web.Tests.Security;

/// <summary>The built dashboard as a real process: SIGTERM ends it within seconds with exit code 0 (idle and in the
/// middle of a training, which the next start queues again); it refuses to listen beyond loopback without an API
/// key; started from another folder it reads its own appsettings.json, while relative storage paths stay relative to
/// the working folder and the environment still overrides the files.</summary>
[Collection(nameof(AppUsers))]
public sealed class DashboardProcessTests : IDisposable
{
    private static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(10);
    private readonly string folder = Directory.CreateTempSubdirectory("latentdash-process-").FullName;
    private readonly HttpClient client = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task Sigterm_stops_an_idle_dashboard_within_seconds_with_exit_code_0()
    {
        using var dashboard = DashboardProcess.Start(folder, Storage());
        await dashboard.WaitUntilServingAsync(client, TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Url(dashboard, "/"))).StatusCode);

        var took = await dashboard.TerminateAsync(StopLimit);

        Assert.True(dashboard.ExitCode == 0, $"exit code {dashboard.ExitCode} after {took}:\n{dashboard.Output}");
        Assert.DoesNotContain("Unhandled exception", dashboard.Output, StringComparison.Ordinal);
        Assert.True(took < StopLimit, $"stopping took {took}");
    }

    [Fact]
    public async Task Sigterm_in_the_middle_of_a_training_exits_0_within_seconds_and_the_next_start_queues_it_again()
    {
        var run = "";
        using (var dashboard = DashboardProcess.Start(folder, Storage()))
        {
            await dashboard.WaitUntilServingAsync(client, TimeSpan.FromSeconds(60));
            using var posted = await client.PostAsync(Url(dashboard, "/api/runs"), SecurityRequests.Json("""
                {"run": "long", "dataset": "fashion", "architectures": ["branched"], "betas": [4], "latent_dims": [2],
                 "epochs": 500, "batch_size": 8, "early_stopping": false}
                """));
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
            run = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("trainings")[0].GetProperty("id").GetString()!;
            await WaitForAsync(
                async () => await RunOf(dashboard, run) is var current &&
                            current.GetProperty("status").GetString() == "running" &&
                            current.TryGetProperty("progress", out var progress) && progress.ValueKind == JsonValueKind.Object &&
                            progress.GetProperty("step").GetInt32() > 0,
                TimeSpan.FromSeconds(120),
                dashboard);

            var took = await dashboard.TerminateAsync(StopLimit);

            Assert.True(dashboard.ExitCode == 0, $"exit code {dashboard.ExitCode} after {took}:\n{dashboard.Output}");
            Assert.DoesNotContain("Unhandled exception", dashboard.Output, StringComparison.Ordinal);
            Assert.True(took < StopLimit, $"stopping took {took}");
        }

        var trained = Path.Combine(folder, "experiments", "long");
        Assert.False(Directory.Exists(trained) && Directory.GetDirectories(trained).Any(d => !Path.GetFileName(d).StartsWith('.')), "a model was stored");
        using var restarted = DashboardProcess.Start(folder, Storage(new() { ["Queue:Workers"] = "0" }));
        await restarted.WaitUntilServingAsync(client, TimeSpan.FromSeconds(60));
        var status = (await RunOf(restarted, run)).GetProperty("status").GetString();
        Assert.Equal("queued", status); // Queue:OnRestart = Requeue
        await restarted.TerminateAsync(StopLimit);
        Assert.Equal(0, restarted.ExitCode);
    }

    [Fact]
    public async Task Kill_9_in_the_middle_of_a_training_loses_nothing_the_next_start_queues_it_again_and_lists_no_half_model()
    {
        string done, running, model;
        using (var dashboard = DashboardProcess.Start(folder, Storage()))
        {
            await dashboard.WaitUntilServingAsync(client, TimeSpan.FromSeconds(60));
            done = await Submit(dashboard, """
                {"run": "short", "dataset": "fashion", "architectures": ["beta-vae"], "betas": [4], "latent_dims": [2],
                 "epochs": 1, "batch_size": 64, "early_stopping": false}
                """);
            running = await Submit(dashboard, """
                {"run": "long", "dataset": "fashion", "architectures": ["branched"], "betas": [4], "latent_dims": [2],
                 "epochs": 500, "batch_size": 8, "early_stopping": false}
                """);
            await WaitForAsync(
                async () => (await RunOf(dashboard, done)).GetProperty("status").GetString() == "succeeded" &&
                            await RunOf(dashboard, running) is var current &&
                            current.GetProperty("status").GetString() == "running" &&
                            current.TryGetProperty("progress", out var progress) && progress.ValueKind == JsonValueKind.Object &&
                            progress.GetProperty("step").GetInt32() > 0,
                TimeSpan.FromSeconds(180),
                dashboard);
            model = (await RunOf(dashboard, done)).GetProperty("model").GetString()!;

            await dashboard.KillAsync();
        }

        var longRun = Path.Combine(folder, "experiments", "long");
        Assert.False(Directory.Exists(longRun) && Directory.GetDirectories(longRun).Any(d => !Path.GetFileName(d).StartsWith('.')), "a model was stored");
        using var restarted = DashboardProcess.Start(folder, Storage(new() { ["Queue:Workers"] = "0" }));
        await restarted.WaitUntilServingAsync(client, TimeSpan.FromSeconds(60));

        Assert.Equal("queued", (await RunOf(restarted, running)).GetProperty("status").GetString()); // Queue:OnRestart = Requeue
        Assert.Equal("succeeded", (await RunOf(restarted, done)).GetProperty("status").GetString());
        var explorer = await client.GetStringAsync(Url(restarted, $"/?run=short&model={model}"));
        Assert.Contains(model, explorer, StringComparison.Ordinal);
        Assert.False(Directory.Exists(longRun) && Directory.EnumerateFileSystemEntries(longRun, ".tmp-*").Any(), "a crashed save's leftover stayed");
        await restarted.TerminateAsync(StopLimit);
        Assert.Equal(0, restarted.ExitCode);
    }

    [Fact]
    public async Task Listening_on_every_interface_without_an_api_key_ends_at_start_with_a_message_that_says_what_to_set()
    {
        using var dashboard = DashboardProcess.Start(folder, Storage(), host: "0.0.0.0");

        await dashboard.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, dashboard.ExitCode);
        Assert.Contains("listens beyond loopback", dashboard.Output, StringComparison.Ordinal);
        Assert.Contains("Security__ApiKey", dashboard.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Started_from_another_folder_it_reads_its_own_settings_and_takes_relative_storage_paths_from_that_folder()
    {
        using var dashboard = DashboardProcess.Start(folder, RelativeStorage());
        await dashboard.WaitUntilServingAsync(client, TimeSpan.FromSeconds(60));
        var before = dashboard.Output.Length;

        using var page = await client.GetAsync(Url(dashboard, "/runs"));
        using var css = await client.GetAsync(Url(dashboard, "/_content/MudBlazor/MudBlazor.min.css"));
        using var script = await client.GetAsync(Url(dashboard, "/_framework/blazor.web.js"));
        await Task.Delay(500);
        var requestLog = dashboard.Output[before..];
        await dashboard.TerminateAsync(StopLimit);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        // appsettings.json puts Microsoft.AspNetCore at Warning: no line per request.
        Assert.DoesNotContain("Microsoft.AspNetCore", requestLog, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder, "index.db")), "the relative database path was not taken from the working folder");
    }

    [Fact]
    public async Task Once_started_it_requests_its_pages_and_their_assets_from_itself_and_the_next_page_finds_them_warm()
    {
        ExplorerModels.Write(Path.Combine(folder, "experiments"));
        using var dashboard = DashboardProcess.Start(folder, Storage());
        await dashboard.WaitUntilServingAsync(client, TimeSpan.FromSeconds(60));

        await WaitForAsync(() => Task.FromResult(dashboard.Output.Contains("Warmed up: /trainings", StringComparison.Ordinal)), TimeSpan.FromSeconds(60), dashboard);
        // The explorer's prerender loaded the model it opens first (the first of the run's models, ordinal), from the
        // index the start built out of the experiments folder.
        var first = $"{ExplorerModels.Run}/{ExplorerModels.OpenedFirst}";
        await WaitForAsync(() => Task.FromResult(dashboard.Output.Contains($"Loaded {first} for exploring", StringComparison.Ordinal)), TimeSpan.FromSeconds(60), dashboard);
        using var page = await client.GetAsync(Url(dashboard, "/"));
        await dashboard.TerminateAsync(StopLimit);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain("for exploring in", dashboard.Output.Replace($"Loaded {first} for exploring in", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Matches(@"Warmed up: /trainings, / and their [1-9]\d* scripts and styles in \d+ ms", dashboard.Output);
        Assert.DoesNotContain("warm-up request", dashboard.Output, StringComparison.Ordinal);
        Assert.Equal(0, dashboard.ExitCode);
    }

    [Fact]
    public async Task With_the_warm_up_off_it_requests_nothing_from_itself()
    {
        using var dashboard = DashboardProcess.Start(folder, Storage(new() { ["Web:WarmUpOnStart"] = "false", ["Logging:LogLevel:Microsoft.AspNetCore"] = "Information" }));
        await dashboard.WaitUntilServingAsync(client, TimeSpan.FromSeconds(60));
        await Task.Delay(3000);
        await dashboard.TerminateAsync(StopLimit);

        Assert.DoesNotContain("Warmed up", dashboard.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("/trainings", dashboard.Output, StringComparison.Ordinal);
        Assert.Contains("/healthz", dashboard.Output, StringComparison.Ordinal); // the request log is on: it would show one
    }

    [Fact]
    public async Task The_environment_still_overrides_the_settings_files()
    {
        var environment = RelativeStorage();
        environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Information";
        using var dashboard = DashboardProcess.Start(folder, environment);
        await dashboard.WaitUntilServingAsync(client, TimeSpan.FromSeconds(60));

        using var page = await client.GetAsync(Url(dashboard, "/runs"));
        await Task.Delay(500);
        await dashboard.TerminateAsync(StopLimit);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Microsoft.AspNetCore.Hosting.Diagnostics", dashboard.Output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        client.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    private static string Url(DashboardProcess dashboard, string path) => $"http://127.0.0.1:{dashboard.Port}{path}";

    private static string Fixtures => Path.Combine(AppContext.BaseDirectory, "fixtures", "data");

    private Dictionary<string, string> Storage(Dictionary<string, string>? extra = null)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Storage__DataRoot"] = Fixtures,
            ["Storage__ExperimentsRoot"] = Path.Combine(folder, "experiments"),
            ["Storage__DatabasePath"] = Path.Combine(folder, "index.db"),
            ["Storage__CacheRoot"] = Path.Combine(folder, "cache"),
            ["Queue__RefreshMilliseconds"] = "100",
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return settings;
    }

    private static Dictionary<string, string> RelativeStorage() => new(StringComparer.Ordinal)
    {
        ["Storage__DataRoot"] = Fixtures,
        ["Storage__ExperimentsRoot"] = "experiments",
        ["Storage__DatabasePath"] = "index.db",
        ["Storage__CacheRoot"] = "cache",
    };

    private async Task<string> Submit(DashboardProcess dashboard, string json)
    {
        using var posted = await client.PostAsync(Url(dashboard, "/api/trainings"), SecurityRequests.Json(json));
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        return (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("trainings")[0].GetProperty("id").GetString()!;
    }

    private async Task<JsonElement> RunOf(DashboardProcess dashboard, string id) =>
        await client.GetFromJsonAsync<JsonElement>(Url(dashboard, $"/api/runs/{id}"));

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout, DashboardProcess dashboard)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"not reached within {timeout}:\n{dashboard.Output}");
    }
}

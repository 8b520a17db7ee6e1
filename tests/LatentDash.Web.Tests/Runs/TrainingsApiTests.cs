using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LatentDash.Web.Tests.Support;

namespace LatentDash.Web.Tests.Runs;

/// <summary>The HTTP API over the real app: the form's checks as problem+json, a fixture model trained end to end and
/// shown by the explorer, cancel, not found, the OpenAPI description and the dashboard's access rule.</summary>
[Collection(nameof(AppUsers))]
public sealed class RunsApiTests
{
    private const string Small = """
        {"run": "api", "dataset": "fashion", "architectures": ["branched"], "betas": [4], "latent_dims": [2],
         "epochs": 2, "batch_size": 64, "early_stopping": false}
        """;

    [Fact]
    public async Task A_run_posted_to_the_api_trains_and_its_model_appears_in_the_explorer()
    {
        await using var factory = new AppFactory();
        using var client = factory.CreateClient();

        using var response = await client.PostAsync("/api/runs", Json(Small));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var accepted = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var run = accepted.RootElement.GetProperty("runs")[0];
        var id = run.GetProperty("id").GetString()!;
        var model = run.GetProperty("model").GetString()!;
        Assert.Equal("queued", run.GetProperty("status").GetString());
        Assert.Equal(1, accepted.RootElement.GetProperty("count").GetInt32());
        Assert.NotNull(response.Headers.Location);

        JsonElement done = default;
        for (var i = 0; i < 1200; i++)
        {
            using var current = JsonDocument.Parse(await client.GetStringAsync($"/api/runs/{id}"));
            done = current.RootElement.Clone();
            if (done.GetProperty("status").GetString() is "succeeded" or "failed")
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        Assert.Equal(2, done.GetProperty("history").GetArrayLength());
        Assert.Equal(1.0, done.GetProperty("progress").GetProperty("fraction").GetDouble());
        var link = done.GetProperty("explorer_url").GetString()!;
        Assert.Contains($"model={model}", link, StringComparison.Ordinal);

        var explorer = await client.GetStringAsync(link);
        Assert.Contains(model, explorer, StringComparison.Ordinal); // the model picker shows it
        Assert.DoesNotContain("No trained models yet", explorer, StringComparison.Ordinal);

        var all = await client.GetFromJsonAsync<JsonElement>("/api/runs?status=succeeded");
        Assert.Equal(id, all[0].GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("""{"betas": [0]}""", "betas")]
    [InlineData("""{"betas": ["NaN"]}""", "betas")]
    [InlineData("""{"latent_dims": [65]}""", "latent_dims")]
    [InlineData("""{"latent_dims": [2.5]}""", "latent_dims")]
    [InlineData("""{"epochs": 501}""", "epochs")]
    [InlineData("""{"batch_size": 4097}""", "batch_size")]
    [InlineData("""{"batch_size": 900}""", "batch_size")]
    [InlineData("""{"learning_rate": 0}""", "learning_rate")]
    [InlineData("""{"run": "no spaces"}""", "run")]
    [InlineData("""{"dataset": "cifar"}""", "dataset")]
    [InlineData("""{"betas": [1,2,3,4,5,6,7,8,9,10,11,12,13], "latent_dims": [1,2,3,4,5]}""", "sweep")]
    public async Task A_bad_submission_gets_problem_json_naming_the_field_and_queues_nothing(string change, string field)
    {
        await using var factory = new AppFactory();
        using var client = factory.CreateClient();

        using var response = await client.PostAsync("/api/runs", Json(Merge(Small, change)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), errors.ToString());
        Assert.NotEmpty(messages.EnumerateArray());
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/api/runs")).GetArrayLength());
    }

    [Fact]
    public async Task Malformed_json_gets_problem_json_too()
    {
        await using var factory = new AppFactory();
        using var client = factory.CreateClient();

        using var response = await client.PostAsync("/api/runs", Json("{\"betas\": [4,"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("body", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_stops_a_run_once_and_unknown_runs_are_404_problems()
    {
        await using var factory = new AppFactory(new Dictionary<string, string?> { ["Queue:Workers"] = "0" });
        using var client = factory.CreateClient();
        using var posted = await client.PostAsync("/api/runs", Json(Small));
        var id = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runs")[0].GetProperty("id").GetString();

        using var cancel = await client.PostAsync($"/api/runs/{id}/cancel", null);
        using var again = await client.PostAsync($"/api/runs/{id}/cancel", null);
        using var missing = await client.GetAsync("/api/runs/nope");
        using var missingCancel = await client.PostAsync("/api/runs/nope/cancel", null);

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("cancelled", (await cancel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, missingCancel.StatusCode);
    }

    [Fact]
    public async Task The_openapi_description_lists_the_run_endpoints()
    {
        await using var factory = new AppFactory();
        using var client = factory.CreateClient();

        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));

        var paths = document.RootElement.GetProperty("paths");
        Assert.True(paths.GetProperty("/api/runs").TryGetProperty("post", out var post));
        Assert.True(post.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.True(paths.GetProperty("/api/runs").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/runs/{id}").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/runs/{id}/cancel").TryGetProperty("post", out _));
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.GetProperty("RunSubmission").GetProperty("properties").TryGetProperty("latent_dims", out _));
    }

    [Theory]
    [InlineData(false, HttpStatusCode.Unauthorized)]
    [InlineData(true, HttpStatusCode.OK)]
    public async Task The_hangfire_dashboard_answers_remote_requests_only_when_configured(bool open, HttpStatusCode expected)
    {
        // TestServer requests carry no remote address, so the local-only rule treats them as remote.
        await using var factory = new AppFactory(new Dictionary<string, string?> { ["Queue:DashboardOpen"] = open ? "true" : "false" });
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/hangfire");

        Assert.Equal(expected, response.StatusCode);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string Merge(string baseJson, string change)
    {
        var merged = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(baseJson)!;
        foreach (var (key, value) in JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(change)!)
        {
            merged[key] = value;
        }

        return JsonSerializer.Serialize(merged);
    }
}

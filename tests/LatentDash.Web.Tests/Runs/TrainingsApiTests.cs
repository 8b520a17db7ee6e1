using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LatentDash.Web.Tests.Support;

namespace LatentDash.Web.Tests.Runs;

/// <summary>The HTTP API over the real app, at /api/trainings and its old address /api/runs: the form's checks as
/// problem+json, a fixture model trained end to end and shown by the explorer, paging, the per-client cap, cancel, not
/// found, the OpenAPI description and the dashboard's access rule.</summary>
[Collection(nameof(AppUsers))]
public sealed class TrainingsApiTests
{
    private const string Small = """
        {"run": "api", "dataset": "fashion", "architectures": ["branched"], "betas": [4], "latent_dims": [2],
         "epochs": 2, "batch_size": 64, "early_stopping": false}
        """;

    [Fact]
    public async Task A_training_posted_to_the_api_trains_and_its_model_appears_in_the_explorer()
    {
        await using var factory = new AppFactory();
        using var client = factory.CreateClient();

        using var response = await client.PostAsync("/api/trainings", Json(Small));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var accepted = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var run = accepted.RootElement.GetProperty("trainings")[0];
        var id = run.GetProperty("id").GetString()!;
        var model = run.GetProperty("model").GetString()!;
        Assert.Equal("queued", run.GetProperty("status").GetString());
        Assert.Equal(1, accepted.RootElement.GetProperty("count").GetInt32());
        Assert.NotNull(response.Headers.Location);

        JsonElement done = default;
        for (var i = 0; i < 1200; i++)
        {
            using var current = JsonDocument.Parse(await client.GetStringAsync($"/api/trainings/{id}"));
            done = current.RootElement.Clone();
            if (done.GetProperty("status").GetString() is "succeeded" or "failed")
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        Assert.Equal(2, done.GetProperty("history").GetArrayLength());
        Assert.True(done.GetProperty("curve").GetArrayLength() > 0); // one training alone carries its curve
        Assert.Equal(1.0, done.GetProperty("progress").GetProperty("fraction").GetDouble());
        var link = done.GetProperty("explorer_url").GetString()!;
        Assert.Contains($"model={model}", link, StringComparison.Ordinal);

        var explorer = await client.GetStringAsync(link);
        Assert.Contains(model, explorer, StringComparison.Ordinal); // the model picker shows it
        Assert.DoesNotContain("No trained models yet", explorer, StringComparison.Ordinal);

        foreach (var address in new[] { "/api/trainings", "/api/runs" })
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"{address}?status=succeeded");
            Assert.Equal(1, page.GetProperty("total").GetInt32());
            var item = page.GetProperty("items")[0];
            Assert.Equal(id, item.GetProperty("id").GetString());
            Assert.Equal(JsonValueKind.Null, item.GetProperty("curve").ValueKind); // a listing leaves curves out
            Assert.Equal(JsonValueKind.Null, item.GetProperty("history").ValueKind);
            Assert.Equal(1.0, item.GetProperty("progress").GetProperty("fraction").GetDouble());
        }
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
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/api/trainings")).GetProperty("total").GetInt32());
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

    [Theory]
    [InlineData("/api/trainings")]
    [InlineData("/api/runs")]
    public async Task Cancel_stops_a_training_once_and_unknown_trainings_are_404_problems(string address)
    {
        await using var factory = new AppFactory(new Dictionary<string, string?> { ["Queue:Workers"] = "0" });
        using var client = factory.CreateClient();
        using var posted = await client.PostAsync(address, Json(Small));
        var id = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("trainings")[0].GetProperty("id").GetString();

        using var cancel = await client.PostAsync($"{address}/{id}/cancel", null);
        using var again = await client.PostAsync($"{address}/{id}/cancel", null);
        using var missing = await client.GetAsync($"{address}/nope");
        using var missingCancel = await client.PostAsync($"{address}/nope/cancel", null);
        using var retry = await client.PostAsync($"{address}/{id}/retry", null);

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("cancelled", (await cancel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, missingCancel.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(2, (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("attempt").GetInt32());
    }

    [Fact]
    public async Task The_openapi_description_lists_the_training_endpoints_at_both_addresses()
    {
        await using var factory = new AppFactory();
        using var client = factory.CreateClient();

        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));

        var paths = document.RootElement.GetProperty("paths");
        Assert.True(paths.GetProperty("/api/trainings").TryGetProperty("post", out var post));
        Assert.True(paths.GetProperty("/api/trainings/{id}/retry").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/api/runs").TryGetProperty("post", out _));
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

    [Theory]
    [InlineData("/api/trainings")]
    [InlineData("/api/runs")]
    public async Task The_listing_is_paged_with_a_total(string address)
    {
        await using var factory = new AppFactory(new Dictionary<string, string?> { ["Queue:Workers"] = "0" });
        using var client = factory.CreateClient();
        using var posted = await client.PostAsync(address, Json(Merge(Small, """{"betas": [1, 2, 3, 4, 5]}""")));
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);

        var second = await client.GetFromJsonAsync<JsonElement>($"{address}?page=2&page_size=2");
        var last = await client.GetFromJsonAsync<JsonElement>($"{address}?page=3&page_size=2");
        var beyond = await client.GetFromJsonAsync<JsonElement>($"{address}?page=9&page_size=2");
        var everything = await client.GetFromJsonAsync<JsonElement>(address);

        Assert.Equal(5, second.GetProperty("total").GetInt32());
        Assert.Equal(2, second.GetProperty("page").GetInt32());
        Assert.Equal(2, second.GetProperty("page_size").GetInt32());
        Assert.Equal(2, second.GetProperty("items").GetArrayLength());
        Assert.Equal(1, last.GetProperty("items").GetArrayLength());
        Assert.Equal(0, beyond.GetProperty("items").GetArrayLength());
        Assert.Equal(5, everything.GetProperty("items").GetArrayLength());
        var ids = everything.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()).ToList();
        Assert.Equal(ids.Skip(2).Take(2), second.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
    }

    [Theory]
    [InlineData("status=1", "status")]
    [InlineData("status=0,1", "status")]
    [InlineData("status=Queued,Running", "status")]
    [InlineData("status=done", "status")]
    [InlineData("page=0", "page")]
    [InlineData("page=-1", "page")]
    [InlineData("page=abc", "page")]
    [InlineData("page=99999999999", "page")]
    [InlineData("page_size=0", "page_size")]
    [InlineData("page_size=201", "page_size")]
    [InlineData("page_size=1e2", "page_size")]
    public async Task A_bad_listing_query_gets_problem_json_naming_the_parameter(string query, string field)
    {
        await using var factory = new AppFactory(new Dictionary<string, string?> { ["Queue:Workers"] = "0" });
        using var client = factory.CreateClient();

        foreach (var address in new[] { "/api/trainings", "/api/runs" })
        {
            using var response = await client.GetAsync($"{address}?{query}");

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), problem.RootElement.ToString());
        }
    }

    [Fact]
    public async Task A_client_past_its_cap_of_queued_trainings_gets_429_problem_json_and_nothing_is_queued()
    {
        await using var factory = new AppFactory(new Dictionary<string, string?> { ["Queue:Workers"] = "0", ["Queue:MaxQueuedPerClient"] = "3" });
        using var client = factory.CreateClient();
        using var first = await client.PostAsync("/api/trainings", Json(Merge(Small, """{"betas": [1, 2]}""")));
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);

        using var refused = await client.PostAsync("/api/runs", Json(Merge(Small, """{"betas": [1, 2]}""")));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Contains("limit of 3 per client", problem.RootElement.GetProperty("errors").GetProperty("sweep")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(2, (await client.GetFromJsonAsync<JsonElement>("/api/trainings")).GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("/runs")]
    [InlineData("/trainings")]
    public async Task The_trainings_page_answers_at_both_addresses_and_speaks_of_trainings(string address)
    {
        await using var factory = new AppFactory(new Dictionary<string, string?> { ["Queue:Workers"] = "0" });
        using var client = factory.CreateClient();

        var html = await client.GetStringAsync(address);

        Assert.Contains("No trainings yet", html, StringComparison.Ordinal);
        Assert.Contains("LatentDash · Trainings", html, StringComparison.Ordinal);
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

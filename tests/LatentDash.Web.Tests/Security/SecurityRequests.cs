using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace LatentDash.Web.Tests.Security;

/// <summary>What the security tests send and look at: a valid submission, and how many runs the app holds.</summary>
internal static class SecurityRequests
{
    public const string Submission = """
        {"run": "sec", "dataset": "fashion", "architectures": ["branched"], "betas": [4], "latent_dims": [2],
         "epochs": 1, "batch_size": 64, "early_stopping": false}
        """;

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static HttpRequestMessage Post(string path, string? json = Submission, string? origin = null, string? fetchSite = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = json is null ? null : Json(json) };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (fetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
        }

        return request;
    }

    public static async Task<int> RunCount(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/runs")).GetProperty("total").GetInt32();

    /// <summary>Asserts an application/problem+json answer with the status and returns its body.</summary>
    public static async Task<JsonElement> AssertProblem(HttpResponseMessage response, int status)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("title").GetString()));
        return problem.RootElement.Clone();
    }

    /// <summary>True when the text names no file system location of the server (temp dirs, the repository, home).</summary>
    public static void AssertNoServerPaths(string text, params string[] paths)
    {
        foreach (var path in paths.Append(AppContext.BaseDirectory).Append(Path.GetTempPath()).Append("/work/").Append("/home/"))
        {
            Assert.DoesNotContain(path, text, StringComparison.Ordinal);
        }
    }
}

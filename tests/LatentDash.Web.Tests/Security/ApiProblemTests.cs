using System.Net;
using System.Net.Http.Headers;
using System.Text;
using LatentDash.Web.Tests.Support;
using LiteDB;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace LatentDash.Web.Tests.Security;

/// <summary>Every failure under /api answers application/problem+json with a trace id and no server path: unknown
/// route, wrong method, wrong content type, a body over the cap, an unhandled exception; pages keep their own pages.</summary>
[Collection(nameof(AppUsers))]
public sealed class ApiProblemTests
{
    [Theory]
    [InlineData("GET", "/api/nothing-here", StatusCodes.Status404NotFound)]
    [InlineData("GET", "/api/runs/x/y/z", StatusCodes.Status404NotFound)]
    [InlineData("DELETE", "/api/runs", StatusCodes.Status405MethodNotAllowed)]
    [InlineData("PUT", "/api/runs/abc", StatusCodes.Status405MethodNotAllowed)]
    [InlineData("GET", "/api/runs/abc/cancel", StatusCodes.Status405MethodNotAllowed)]
    public async Task Unknown_routes_and_wrong_methods_are_problems_even_for_a_browser(string method, string path, int status)
    {
        await using var factory = new AppFactory(new Dictionary<string, string?> { ["Queue:Workers"] = "0" });
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Accept.ParseAdd("text/html"); // what a browser asks for

        using var response = await client.SendAsync(request);

        var problem = await SecurityRequests.AssertProblem(response, status);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("trace_id").GetString()));
        SecurityRequests.AssertNoServerPaths(problem.ToString(), factory.Root);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("application/xml")]
    public async Task A_body_that_is_not_json_is_415_and_queues_nothing(string contentType)
    {
        await using var factory = new AppFactory(new Dictionary<string, string?> { ["Queue:Workers"] = "0" });
        using var client = factory.CreateClient();
        using var content = new StringContent(SecurityRequests.Submission, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        using var response = await client.PostAsync("/api/runs", content);

        await SecurityRequests.AssertProblem(response, StatusCodes.Status415UnsupportedMediaType);
        Assert.Equal(0, await SecurityRequests.RunCount(client));
    }

    [Fact]
    public async Task A_json_subtype_is_accepted_as_json()
    {
        await using var factory = new AppFactory(new Dictionary<string, string?> { ["Queue:Workers"] = "0" });
        using var client = factory.CreateClient();
        using var content = new StringContent(SecurityRequests.Submission, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/merge-patch+json");

        using var response = await client.PostAsync("/api/runs", content);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_over_64_KB_is_413_with_or_without_a_length_and_queues_nothing(bool withLength)
    {
        await using var factory = new AppFactory(new Dictionary<string, string?> { ["Queue:Workers"] = "0" });
        using var client = factory.CreateClient();
        // A valid submission padded with whitespace past the cap: only its size is wrong.
        var padded = SecurityRequests.Submission.Replace("{", "{" + new string(' ', 65 * 1024), StringComparison.Ordinal);
        var bytes = Encoding.UTF8.GetBytes(padded);
        using HttpContent content = withLength ? new ByteArrayContent(bytes) : new StreamContent(new UnseekableStream(bytes));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        Assert.Equal(withLength, content.Headers.ContentLength is not null);

        using var response = await client.PostAsync("/api/runs", content);

        await SecurityRequests.AssertProblem(response, StatusCodes.Status413PayloadTooLarge);
        Assert.Equal(0, await SecurityRequests.RunCount(client));
    }

    [Fact]
    public async Task A_body_under_the_cap_still_passes()
    {
        await using var factory = new AppFactory(new Dictionary<string, string?> { ["Queue:Workers"] = "0" });
        using var client = factory.CreateClient();
        var padded = SecurityRequests.Submission.Replace("{", "{" + new string(' ', 60 * 1024), StringComparison.Ordinal);

        using var response = await client.PostAsync("/api/runs", SecurityRequests.Json(padded));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task An_unhandled_exception_is_a_generic_500_problem_with_a_trace_id_and_no_message_or_path()
    {
        await using var factory = new AppFactory(new Dictionary<string, string?> { ["Queue:Workers"] = "0" });
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/runs")).StatusCode);
        // A real fault: the run records' database goes away under the API.
        factory.Services.GetRequiredService<ILiteDatabase>().Dispose();

        using var response = await client.GetAsync("/api/runs");

        var problem = await SecurityRequests.AssertProblem(response, StatusCodes.Status500InternalServerError);
        var text = problem.ToString();
        Assert.Equal("An unexpected error occurred", problem.GetProperty("title").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("trace_id").GetString()));
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.DoesNotContain("dispose", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("LiteDB", text, StringComparison.Ordinal);
        SecurityRequests.AssertNoServerPaths(text, factory.Root);
    }

    [Fact]
    public async Task Pages_keep_their_not_found_and_error_pages_without_server_paths()
    {
        await using var factory = new AppFactory(new Dictionary<string, string?> { ["Queue:Workers"] = "0" });
        using var client = factory.CreateClient();

        using var missing = await client.GetAsync("/no-such-page");
        using var error = await client.GetAsync("/Error");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("text/html", missing.Content.Headers.ContentType?.MediaType);
        var notFound = await missing.Content.ReadAsStringAsync();
        Assert.Contains("Not Found", notFound, StringComparison.Ordinal);
        var errorPage = await error.Content.ReadAsStringAsync();
        Assert.Contains("An error occurred while processing your request", errorPage, StringComparison.Ordinal);
        SecurityRequests.AssertNoServerPaths(notFound + errorPage, factory.Root);
    }

    /// <summary>A body HttpClient cannot measure, so it is sent chunked, without a Content-Length.</summary>
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}

using System.Net;
using System.Net.Http.Json;
using LatentDash.Web.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace LatentDash.Web.Tests.Security;

/// <summary>Changes sent by another site's page are refused (403 problem+json, nothing queued or cancelled); the
/// dashboard's own pages and clients without a browser origin (curl, scripts) pass.</summary>
[Collection(nameof(AppUsers))]
public sealed class CrossOriginTests
{
    [Fact]
    public async Task A_cross_origin_submission_is_refused_and_queues_nothing()
    {
        await using var factory = new AppFactory(new Dictionary<string, string?> { ["Queue:Workers"] = "0" });
        using var client = factory.CreateClient();

        using var response = await client.SendAsync(SecurityRequests.Post("/api/runs", origin: "http://evil.example"));

        await SecurityRequests.AssertProblem(response, StatusCodes.Status403Forbidden);
        Assert.Equal(0, await SecurityRequests.RunCount(client));
    }

    [Fact]
    public async Task A_plain_cross_site_form_cannot_cancel_a_run()
    {
        await using var factory = new AppFactory(new Dictionary<string, string?> { ["Queue:Workers"] = "0" });
        using var client = factory.CreateClient();
        using var posted = await client.SendAsync(SecurityRequests.Post("/api/runs"));
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        var id = (await posted.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("trainings")[0].GetProperty("id").GetString();

        // What a browser sends for <form method=post action=http://127.0.0.1:5000/api/runs/{id}/cancel> on another site.
        using var form = new HttpRequestMessage(HttpMethod.Post, $"/api/runs/{id}/cancel")
        {
            Content = new FormUrlEncodedContent([]),
        };
        form.Headers.Add("Origin", "https://evil.example");
        form.Headers.Add("Sec-Fetch-Site", "cross-site");
        using var response = await client.SendAsync(form);

        await SecurityRequests.AssertProblem(response, StatusCodes.Status403Forbidden);
        var run = await client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/runs/{id}");
        Assert.Equal("queued", run.GetProperty("status").GetString());
    }

    // A refused change is 403; one let through reaches the API, which answers 404 for an unknown run.
    [Theory]
    [InlineData(null, null, StatusCodes.Status404NotFound)] // curl, scripts
    [InlineData("http://localhost", null, StatusCodes.Status404NotFound)] // the dashboard's own page
    [InlineData("https://localhost", "same-origin", StatusCodes.Status404NotFound)] // behind a TLS proxy
    [InlineData(null, "same-origin", StatusCodes.Status404NotFound)]
    [InlineData(null, "none", StatusCodes.Status404NotFound)] // typed into the address bar
    [InlineData("http://evil.example", null, StatusCodes.Status403Forbidden)]
    [InlineData("http://localhost:8080", null, StatusCodes.Status403Forbidden)] // another app on the same machine
    [InlineData("null", null, StatusCodes.Status403Forbidden)] // a sandboxed frame or a file
    [InlineData(null, "cross-site", StatusCodes.Status403Forbidden)]
    [InlineData(null, "same-site", StatusCodes.Status403Forbidden)]
    public async Task Changes_pass_only_from_the_dashboard_itself_or_without_a_browser_origin(string? origin, string? fetchSite, int expected)
    {
        await using var factory = new AppFactory(new Dictionary<string, string?> { ["Queue:Workers"] = "0" });
        using var client = factory.CreateClient();

        using var response = await client.SendAsync(SecurityRequests.Post("/api/runs/nope/cancel", json: null, origin, fetchSite));

        await SecurityRequests.AssertProblem(response, expected);
    }

    [Fact]
    public async Task A_configured_origin_may_post_and_reads_are_never_refused()
    {
        await using var factory = new AppFactory(new Dictionary<string, string?>
        {
            ["Queue:Workers"] = "0",
            ["Security:AllowedOrigins:0"] = "https://notebook.example:8888",
        });
        using var client = factory.CreateClient();

        using var allowed = await client.SendAsync(SecurityRequests.Post("/api/runs", origin: "https://notebook.example:8888"));
        using var read = new HttpRequestMessage(HttpMethod.Get, "/api/runs");
        read.Headers.Add("Origin", "http://evil.example");
        using var readResponse = await client.SendAsync(read);

        Assert.Equal(HttpStatusCode.Accepted, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, readResponse.StatusCode);
    }
}

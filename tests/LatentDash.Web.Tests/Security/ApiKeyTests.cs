using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using LatentDash.Web.Security;
using LatentDash.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace LatentDash.Web.Tests.Security;

/// <summary>The API key: not needed in the default loopback setup; checked on changes and on the queue dashboard once
/// configured; required (the app refuses to start without it) with an open queue dashboard or beyond loopback.</summary>
[Collection(nameof(AppUsers))]
public sealed class ApiKeyTests
{
    private const string Key = "a-key-of-at-least-16-characters";

    [Fact]
    public async Task The_default_loopback_setup_needs_no_key()
    {
        await using var factory = new AppFactory(new Dictionary<string, string?> { ["Queue:Workers"] = "0" });
        using var client = factory.CreateClient();

        using var response = await client.SendAsync(SecurityRequests.Post("/api/runs"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key-wrong-key-wrong")]
    [InlineData(Key + "x")]
    public async Task A_change_without_the_right_key_is_401_and_queues_nothing(string? presented)
    {
        await using var factory = new AppFactory(new Dictionary<string, string?> { ["Queue:Workers"] = "0", ["Security:ApiKey"] = Key });
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Remove(SecurityOptions.ApiKeyHeader);
        using var request = SecurityRequests.Post("/api/runs");
        if (presented is not null)
        {
            request.Headers.Add(SecurityOptions.ApiKeyHeader, presented);
        }

        using var response = await client.SendAsync(request);

        var problem = await SecurityRequests.AssertProblem(response, StatusCodes.Status401Unauthorized);
        Assert.DoesNotContain(Key, problem.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await SecurityRequests.RunCount(client)); // reads need no key
    }

    [Fact]
    public async Task A_change_with_the_right_key_passes()
    {
        await using var factory = new AppFactory(new Dictionary<string, string?> { ["Queue:Workers"] = "0", ["Security:ApiKey"] = Key });
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Remove(SecurityOptions.ApiKeyHeader);
        using var request = SecurityRequests.Post("/api/runs");
        request.Headers.Add(SecurityOptions.ApiKeyHeader, Key);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, await SecurityRequests.RunCount(client));
    }

    [Fact]
    public async Task The_open_queue_dashboard_asks_a_browser_for_the_key_by_basic_auth()
    {
        await using var factory = new AppFactory(new Dictionary<string, string?> { ["Queue:DashboardOpen"] = "true", ["Security:ApiKey"] = Key });
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Remove(SecurityOptions.ApiKeyHeader);

        using var anonymous = await client.GetAsync("/hangfire");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/hangfire");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("anyone:" + Key)));
        using var signedIn = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Basic", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Contains("LatentDash queue", await signedIn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "Security:ApiKey is required when Queue:DashboardOpen is true")]
    [InlineData("short", "at least 16 characters")]
    public async Task An_open_queue_dashboard_without_a_proper_key_refuses_to_start(string? key, string message)
    {
        await using var factory = new AppFactory(new Dictionary<string, string?> { ["Queue:DashboardOpen"] = "true", ["Security:ApiKey"] = key });

        var error = Assert.ThrowsAny<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listening_beyond_loopback_without_a_key_refuses_to_start()
    {
        await using var factory = new AppFactory(new Dictionary<string, string?> { ["Queue:Workers"] = "0" });
        var port = FreePort();
        factory.UseKestrel(options => options.Listen(IPAddress.Any, port));

        var error = Assert.ThrowsAny<OptionsValidationException>(factory.StartServer);

        Assert.Contains("listens beyond loopback", error.Message, StringComparison.Ordinal);
        Assert.Contains("Security__ApiKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listening_beyond_loopback_with_a_key_asks_for_it_on_changes()
    {
        await using var factory = new AppFactory(new Dictionary<string, string?> { ["Queue:Workers"] = "0", ["Security:ApiKey"] = Key });
        var port = FreePort();
        factory.UseKestrel(options => options.Listen(IPAddress.Any, port));
        factory.StartServer();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        using var without = await client.SendAsync(SecurityRequests.Post("/api/runs"));
        using var with = SecurityRequests.Post("/api/runs");
        with.Headers.Add(SecurityOptions.ApiKeyHeader, Key);
        using var accepted = await client.SendAsync(with);

        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000", true)]
    [InlineData("http://localhost:5000", true)]
    [InlineData("http://[::1]:5000", true)]
    [InlineData("https://127.0.0.2:443/base", true)]
    [InlineData("http://0.0.0.0:5000", false)]
    [InlineData("http://[::]:5000", false)]
    [InlineData("http://*:5000", false)]
    [InlineData("http://+:5000", false)]
    [InlineData("http://192.168.1.20:5000", false)]
    [InlineData("http://dashboard.lan:5000", false)]
    public void Loopback_addresses_are_told_from_exposed_ones(string address, bool loopback) =>
        Assert.Equal(loopback, ApiKeyPolicy.IsLoopback(address));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Net;
using LatentDash.Models.Latent;
using LatentDash.Web.Tests.Explorer;
using LatentDash.Web.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace LatentDash.Web.Tests;

/// <summary>The start's warm-up: which address of its own the dashboard requests, and which of a page's links it
/// fetches. (DashboardProcessTests starts the real process and reads its log.)</summary>
[Collection(nameof(AppUsers))]
public sealed class StartupWarmUpTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5077", "http://127.0.0.1:5077/")]
    [InlineData("http://localhost:5000", "http://localhost:5000/")]
    [InlineData("http://0.0.0.0:5000", "http://127.0.0.1:5000/")]
    [InlineData("http://[::]:5000", "http://[::1]:5000/")]
    [InlineData("http://*:5000", "http://localhost:5000/")]
    [InlineData("http://+:8080", "http://localhost:8080/")]
    [InlineData("http://192.168.1.20:5000", "http://192.168.1.20:5000/")]
    public void A_listening_address_is_reached_through_the_loopback_of_its_family(string address, string expected) =>
        Assert.Equal(new Uri(expected), StartupWarmUp.LoopbackOf(address));

    [Theory]
    [InlineData("https://127.0.0.1:5001")]
    [InlineData("https://0.0.0.0:5001")]
    [InlineData("not an address")]
    [InlineData("unix:/tmp/latentdash.sock")]
    public void Anything_but_http_is_not_requested(string address) => Assert.Null(StartupWarmUp.LoopbackOf(address));

    [Fact]
    public void Only_the_pages_own_scripts_and_styles_are_fetched_once_each()
    {
        const string html = """
            <base href="/" /><link rel="icon" href="data:," /><link rel="stylesheet" href="_content/MudBlazor/MudBlazor.min.abc.css" />
            <link rel="stylesheet" href="/app.def.css?v=1" /><script src="https://elsewhere.example/x.js"></script>
            <script src="//cdn.example/y.js"></script><a href="/trainings">Trainings</a>
            <script src="_framework/blazor.web.ghi.js"></script><script src="_framework/blazor.web.ghi.js"></script>
            """;

        Assert.Equal(["_content/MudBlazor/MudBlazor.min.abc.css", "app.def.css", "_framework/blazor.web.ghi.js"], StartupWarmUp.AssetsOf(html));
    }

    [Theory]
    [InlineData("/trainings")]
    [InlineData("/")]
    public async Task The_pages_it_requests_link_the_dashboards_scripts_and_styles(string page)
    {
        await using var factory = new AppFactory();
        using var client = factory.CreateClient();

        var assets = StartupWarmUp.AssetsOf(await client.GetStringAsync(page));

        Assert.Contains(page, StartupWarmUp.Pages);
        Assert.Contains(assets, a => a.StartsWith("_framework/blazor.web", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.StartsWith("_content/MudBlazor/MudBlazor.min", StringComparison.Ordinal) && a.EndsWith(".css", StringComparison.Ordinal));
        foreach (var asset in assets)
        {
            using var response = await client.GetAsync(asset);
            Assert.True(response.IsSuccessStatusCode, $"{asset}: {response.StatusCode}");
        }
    }

    [Fact]
    public async Task The_warm_up_starts_the_load_of_the_model_the_explorer_opens_first_and_a_person_then_joins_it()
    {
        await using var factory = new AppFactory();
        ExplorerModels.Write(factory.Experiments);
        using var client = factory.CreateClient();
        var cache = factory.Services.GetRequiredService<ExplorableModelCache>();

        var assets = await StartupWarmUp.WarmAsync(client, CancellationToken.None);

        Assert.True(assets > 0);
        Assert.Equal((1, 1, 0), (cache.Count, cache.Statistics.LoadsStarted, cache.Statistics.Leases));
        // The explorer's address with no query opens the first model of the first run (ordinal order): the one warmed.
        using (await cache.AcquireAsync(ExplorerModels.Run, ExplorerModels.OpenedFirst))
        {
            Assert.Equal((1, 1), (cache.Count, cache.Statistics.LoadsStarted));
        }
    }

    [Fact]
    public async Task The_warm_ups_prerender_of_the_explorer_shows_the_model_in_full_where_a_persons_only_promises_it()
    {
        await using var factory = new AppFactory();
        ExplorerModels.Write(factory.Experiments);
        using var client = factory.CreateClient();
        var cache = factory.Services.GetRequiredService<ExplorableModelCache>();

        var promised = await client.GetStringAsync("/");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add(StartupWarmUp.Header, "1");
        using var response = await client.SendAsync(request);
        var full = await response.Content.ReadAsStringAsync();

        Assert.True(response.IsSuccessStatusCode, full);
        Assert.DoesNotContain("mud-slider", promised, StringComparison.Ordinal);
        Assert.DoesNotContain("Click a point of the scatter-plot matrix", promised, StringComparison.Ordinal);
        // The model shown as a circuit shows it: one slider per component, the sample prompt, the model's table.
        Assert.Contains("mud-slider", full, StringComparison.Ordinal);
        Assert.Contains("Click a point of the scatter-plot matrix", full, StringComparison.Ordinal);
        Assert.Contains("val loss", full, StringComparison.Ordinal);
        // The prerender's lease on the model is given back with its scope; the model stays cached for the person.
        Assert.Equal((1, 1, 0), (cache.Count, cache.Statistics.LoadsStarted, cache.Statistics.Leases));
    }

    [Theory]
    [InlineData(true, "127.0.0.1", true)]
    [InlineData(true, "::1", true)]
    [InlineData(true, null, true)] // an in-process test server gives no address
    [InlineData(true, "192.168.1.20", false)]
    [InlineData(false, "127.0.0.1", false)]
    public void Only_a_request_from_this_machine_with_the_header_counts_as_the_warm_up(bool header, string? remote, bool expected)
    {
        var context = new DefaultHttpContext();
        if (header)
        {
            context.Request.Headers[StartupWarmUp.Header] = "1";
        }

        context.Connection.RemoteIpAddress = remote is null ? null : IPAddress.Parse(remote);

        Assert.Equal(expected, StartupWarmUp.Requested(context));
        Assert.False(StartupWarmUp.Requested(null));
    }
}

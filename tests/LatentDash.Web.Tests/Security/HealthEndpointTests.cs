using System.Net;
using LatentDash.Web.Tests.Support;
using LiteDB;
using Microsoft.Extensions.DependencyInjection;

namespace LatentDash.Web.Tests.Security;

/// <summary>/healthz says the process serves; /readyz that the index and the queue's storage answer.</summary>
[Collection(nameof(AppUsers))]
public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Healthz_and_readyz_answer_200_when_everything_runs()
    {
        await using var factory = new AppFactory();
        using var client = factory.CreateClient();

        using var live = await client.GetAsync("/healthz");
        using var ready = await client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", await live.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readyz_is_503_without_details_when_the_index_no_longer_answers_while_healthz_stays_200()
    {
        await using var factory = new AppFactory(new Dictionary<string, string?> { ["Queue:Workers"] = "0" });
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);

        factory.Services.GetRequiredService<ILiteDatabase>().Dispose();
        using var ready = await client.GetAsync("/readyz");
        using var live = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var body = await ready.Content.ReadAsStringAsync();
        Assert.Equal("Unhealthy", body);
        SecurityRequests.AssertNoServerPaths(body, factory.Root);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }
}

using System.Net;
using LatentDash.Web.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LatentDash.Web.Tests.Security;

/// <summary>Only the dashboard's own host names are answered (loopback names by default), so a page on another name
/// that resolves to this machine (DNS rebinding) cannot drive it.</summary>
[Collection(nameof(AppUsers))]
public sealed class HostFilteringTests
{
    [Theory]
    [InlineData("/api/runs")]
    [InlineData("/")]
    [InlineData("/healthz")]
    public async Task A_foreign_host_name_gets_400(string path)
    {
        await using var factory = new AppFactory();
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://evil.example") });

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("http://localhost")]
    [InlineData("http://127.0.0.1:5000")]
    [InlineData("http://[::1]:5000")]
    public async Task Loopback_names_are_answered_by_default(string address)
    {
        await using var factory = new AppFactory();
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(address) });

        using var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Configured_allowed_hosts_replace_the_loopback_names()
    {
        await using var factory = new AppFactory(new Dictionary<string, string?> { ["AllowedHosts"] = "dash.example" });
        using var named = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://dash.example") });
        using var local = factory.CreateClient();

        using var byName = await named.GetAsync("/api/runs");
        using var byLoopback = await local.GetAsync("/api/runs");

        Assert.Equal(HttpStatusCode.OK, byName.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, byLoopback.StatusCode);
    }
}

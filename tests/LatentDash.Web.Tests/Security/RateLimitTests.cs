using System.Net;
using LatentDash.Web.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace LatentDash.Web.Tests.Security;

/// <summary>Changes under /api are limited per client address: past the limit, 429 problem+json with Retry-After;
/// reads and pages are not counted.</summary>
[Collection(nameof(AppUsers))]
public sealed class RateLimitTests
{
    [Fact]
    public async Task Past_the_limit_a_change_gets_429_with_retry_after_while_reads_still_pass()
    {
        await using var factory = new AppFactory(new Dictionary<string, string?>
        {
            ["Queue:Workers"] = "0",
            ["Security:RateLimitPermits"] = "3",
            ["Security:RateLimitWindowSeconds"] = "60",
        });
        using var client = factory.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var allowed = await client.SendAsync(SecurityRequests.Post("/api/runs/nope/cancel", json: null));
            statuses.Add(allowed.StatusCode);
        }

        using var limited = await client.SendAsync(SecurityRequests.Post("/api/runs"));
        using var read = await client.GetAsync("/api/runs");

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.NotFound, s));
        await SecurityRequests.AssertProblem(limited, StatusCodes.Status429TooManyRequests);
        var retryAfter = limited.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(0, await SecurityRequests.RunCount(client)); // the limited submission queued nothing
    }
}

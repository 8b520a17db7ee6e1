using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using LatentDash.Web.Tests.Support;

namespace LatentDash.Web.Tests;

/// <summary>How the dashboard serves its scripts and styles to a browser that has them already: the way run.sh starts it
/// (the build's output, not a published folder; not the Development environment).</summary>
/// <remarks>From a build's output, ASP.NET Core's static assets reload files that changed since the build by default,
/// and it takes a file for changed when its time stamp, to the nanosecond, differs from the build manifest's, to the
/// second: every file a checkout wrote. Those were sent gzipped without compression under a new ETag that a
/// revalidation never matched, so a browser downloaded plotly.js (1.6 MB) at every open and never used the code it had
/// compiled from it. Outside Development that reloading is off (appsettings.json).</remarks>
[Collection(nameof(AppUsers))]
public sealed partial class StaticAssetCachingTests
{
    [Theory]
    [InlineData("/lib/plotly-gl2d/plotly-gl2d-3.7.0.min.js")]
    [InlineData("/js/splom.js")]
    [InlineData("/js/manifold-scatter.js")]
    [InlineData("/lib/plotly-cartesian/plotly-cartesian-3.7.0.min.js")]
    [InlineData("/_content/Plotly.Blazor/plotly-3.7.0.min.js")] // the cartesian bundle, served at the full one's address
    [InlineData("/app.css")]
    [InlineData("/_content/Plotly.Blazor/plotly-interop-7.2.0.js")]
    public async Task A_browser_that_has_an_asset_revalidates_it_without_downloading_it_again(string path)
    {
        await using var factory = Production();
        using var client = factory.CreateClient();

        using var first = await client.SendAsync(Get(path));
        var body = await first.Content.ReadAsByteArrayAsync();
        using var again = Get(path);
        if (first.Headers.TryGetValues("ETag", out var tags))
        {
            again.Headers.TryAddWithoutValidation("If-None-Match", tags);
        }

        using var second = await client.SendAsync(again);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
        if (first.Content.Headers.ContentEncoding.Contains("gzip") && await UncompressedLengthAsync(client, path) is > 4096 and var plain)
        {
            // Compressed at build time, not stored in a gzip wrapper at each request.
            Assert.True(body.Length < 0.6 * plain, $"{body.Length} bytes gzipped of {plain}");
        }
    }

    [Fact]
    public async Task A_fingerprinted_script_is_cached_for_good()
    {
        await using var factory = Production();
        using var client = factory.CreateClient();
        var page = await client.GetStringAsync("/");
        var fingerprinted = FingerprintedSplom().Match(page);
        Assert.True(fingerprinted.Success, "the page's import map names js/splom.js's fingerprinted file");

        using var response = await client.SendAsync(Get("/" + fingerprinted.Groups[1].Value));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("immutable", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
    }

    private static AppFactory Production() => new(new Dictionary<string, string?> { ["environment"] = "Production" });

    private static HttpRequestMessage Get(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));
        return request;
    }

    private static async Task<long> UncompressedLengthAsync(HttpClient client, string path)
    {
        using var plain = await client.GetAsync(path);
        return (await plain.Content.ReadAsByteArrayAsync()).LongLength;
    }

    [GeneratedRegex("\"\\./js/splom\\.js\"\\s*:\\s*\"\\./(js/splom\\.[a-z0-9]+\\.js)\"")]
    private static partial Regex FingerprintedSplom();
}

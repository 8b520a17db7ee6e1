using System.Text.RegularExpressions;
using LatentDash.Web.Tests.Support;

namespace LatentDash.Web.Tests.Security;

/// <summary>Every answer carries nosniff, a referrer policy and a content security policy that forbids framing; the
/// page's one inline script (Blazor's import map) runs by the policy's per-request nonce.</summary>
[Collection(nameof(AppUsers))]
public sealed partial class SecurityHeadersTests
{
    [Theory]
    [InlineData("/runs")]
    [InlineData("/api/runs")]
    [InlineData("/api/no-such-thing")]
    [InlineData("/healthz")]
    public async Task Pages_api_answers_errors_and_health_carry_the_security_headers(string path)
    {
        await using var factory = new AppFactory();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("same-origin", string.Join(",", response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("DENY", string.Join(",", response.Headers.GetValues("X-Frame-Options")));
        var policy = string.Join(",", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("'unsafe-inline'", policy.Split(';').Single(d => d.Trim().StartsWith("script-src", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_import_map_carries_the_nonce_of_its_own_answer_and_each_answer_gets_a_new_one()
    {
        await using var factory = new AppFactory();
        using var client = factory.CreateClient();

        using var first = await client.GetAsync("/runs");
        using var second = await client.GetAsync("/runs");

        var nonce = NonceOf(first);
        Assert.Matches($"<script[^>]*type=\"importmap\"[^>]*nonce=\"{Regex.Escape(nonce)}\"|<script[^>]*nonce=\"{Regex.Escape(nonce)}\"[^>]*type=\"importmap\"", await first.Content.ReadAsStringAsync());
        Assert.NotEqual(nonce, NonceOf(second));
    }

    private static string NonceOf(HttpResponseMessage response) =>
        NonceInPolicy().Match(string.Join(",", response.Headers.GetValues("Content-Security-Policy"))).Groups[1].Value;

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex NonceInPolicy();
}

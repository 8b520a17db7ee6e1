using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace LatentDash.Web.Security;

/// <summary>Whether requests need the API key and whether one matches: the key is checked whenever it is configured,
/// and it must be configured when the server listens on anything but loopback.</summary>
internal sealed class ApiKeyPolicy(IOptions<SecurityOptions> options, IServer server)
{
    private readonly byte[]? expected = options.Value.ApiKey is { Length: > 0 } key ? Hash(key) : null;

    public bool KeyConfigured => expected is not null;

    /// <summary>The server's addresses that are not loopback (known once it has started; empty under TestServer).</summary>
    public IReadOnlyList<string> ExposedAddresses() =>
        [.. (server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []).Where(a => !IsLoopback(a))];

    /// <summary>True when the server listens beyond loopback but no key is configured: nothing may change then.</summary>
    public bool MissingKey() => !KeyConfigured && ExposedAddresses().Count > 0;

    /// <summary>Compares in constant time (over hashes, so the lengths match too).</summary>
    public bool Matches(string? candidate) =>
        expected is not null && candidate is not null && CryptographicOperations.FixedTimeEquals(expected, Hash(candidate));

    /// <summary>True for http://localhost:5000, http://127.0.0.1:5000, http://[::1]:5000; false for 0.0.0.0, [::],
    /// *, +, a machine name or a network address.</summary>
    public static bool IsLoopback(string address)
    {
        var start = address.IndexOf("://", StringComparison.Ordinal);
        var rest = start < 0 ? address : address[(start + 3)..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = slash < 0 ? rest : rest[..slash];
        string host;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            host = close < 0 ? authority : authority[1..close];
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            host = colon < 0 ? authority : authority[..colon];
        }

        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) ||
               (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }

    private static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}

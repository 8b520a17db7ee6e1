using LatentDash.Models.Latent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LatentDash.Web.Tests.Support;

/// <summary>The whole web app on TestServer with its own temporary experiments folder and LiteDB file, the committed
/// fixture datasets, and in-memory Hangfire with one worker. The rate limit is lifted unless a test sets it; a test that
/// opens the queue dashboard gets <see cref="TestApiKey"/> (required then) unless it sets a key, and the clients of a
/// factory with a key send it.</summary>
internal sealed class AppFactory : WebApplicationFactory<Program>
{
    public const string TestApiKey = "test-key-0123456789abcdef";

    private readonly Dictionary<string, string?> settings;
    private IHost? host;

    public AppFactory(IReadOnlyDictionary<string, string?>? extra = null)
    {
        settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Storage:DataRoot"] = Path.Combine(AppContext.BaseDirectory, "fixtures", "data"),
            ["Storage:ExperimentsRoot"] = Path.Combine(Root, "experiments"),
            ["Storage:DatabasePath"] = Path.Combine(Root, "latentdash.db"),
            ["Storage:CacheRoot"] = Path.Combine(Root, "cache"),
            ["Queue:RefreshMilliseconds"] = "100",
            ["Security:RateLimitPermits"] = "1000000",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        if (settings.GetValueOrDefault("Queue:DashboardOpen") == "true" && !settings.ContainsKey("Security:ApiKey"))
        {
            settings["Security:ApiKey"] = TestApiKey;
        }
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "latentdash-web-" + Guid.NewGuid().ToString("N"));

    public string Experiments => Path.Combine(Root, "experiments");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>The API key this factory's app was given, if any.</summary>
    public string? ApiKey => settings.GetValueOrDefault("Security:ApiKey");

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        if (ApiKey is { Length: > 0 } key)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }
    }

    protected override IHost CreateHost(IHostBuilder builder)
    {
        host = base.CreateHost(builder);
        return host;
    }

    public override async ValueTask DisposeAsync()
    {
        // A prerendered explorer page starts its model's load, which keeps the model's latents in its folder. The
        // cache's disposal waits for such a load; the factory's own disposal of the host had not always run it by the
        // time it returned (the folder then lost a race with the latents' write: "Directory not empty"), so the cache
        // is disposed here first. Disposing it twice is harmless.
        host?.Services.GetService<ExplorableModelCache>()?.Dispose();
        await base.DisposeAsync();
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}

/// <summary>Hangfire keeps global state: every test that boots the app runs alone.</summary>
[CollectionDefinition(nameof(AppUsers), DisableParallelization = true)]
public sealed class AppUsers;

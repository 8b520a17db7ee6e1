using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LatentDash.Web.Tests.Support;

/// <summary>The whole web app on TestServer with its own temporary experiments folder and LiteDB file, the committed
/// fixture datasets, and in-memory Hangfire with one worker.</summary>
internal sealed class AppFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> settings;

    public AppFactory(IReadOnlyDictionary<string, string?>? extra = null)
    {
        settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Storage:DataRoot"] = Path.Combine(AppContext.BaseDirectory, "fixtures", "data"),
            ["Storage:ExperimentsRoot"] = Path.Combine(Root, "experiments"),
            ["Storage:DatabasePath"] = Path.Combine(Root, "latentdash.db"),
            ["Storage:CacheRoot"] = Path.Combine(Root, "cache"),
            ["Queue:RefreshMilliseconds"] = "100",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
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

    public override async ValueTask DisposeAsync()
    {
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

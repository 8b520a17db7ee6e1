using System.Net;
using System.Net.Sockets;
using LatentDash.Models.Data;
using LatentDash.Models.Experiments;
using LatentDash.Models.Networks;
using LatentDash.Models.Training;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;

namespace LatentDash.EndToEnd.Tests;

/// <summary>The dashboard on real Kestrel over a temp experiments folder holding one branched VAE trained on the
/// committed fixture, and a headless Debian Chromium driven by Playwright.</summary>
public class DashboardHost : IAsyncLifetime
{
    /// <summary>The run of <see cref="SecondModel"/>.</summary>
    public const string SecondRun = "e2e-plain";

    private readonly string root = Path.Combine(Path.GetTempPath(), "latentdash-e2e-" + Guid.NewGuid().ToString("N"));
    private readonly int validationCopies;
    private WebApplicationFactory<Program>? factory;
    private IPlaywright? playwright;

    public string BaseUrl { get; private set; } = "";

    public string Model { get; private set; } = "";

    /// <summary>A second model on the same dataset, a plain β-VAE in run <see cref="SecondRun"/> (its own run, so the
    /// fixture model stays the first of the index): for views that show several models side by side.</summary>
    public string SecondModel { get; private set; } = "";

    public IBrowser Browser { get; private set; } = default!;

    /// <summary>The running dashboard's services (for observing it, e.g. its meters).</summary>
    public IServiceProvider Services => factory?.Services ?? throw new InvalidOperationException("The dashboard has not started.");

    public DashboardHost()
        : this(validationCopies: 1)
    {
    }

    /// <summary>A host whose Fashion validation set holds each fixture image <paramref name="validationCopies"/> times
    /// (each copy with its own pixel noise, so every point lies elsewhere), with the fixture model alone.</summary>
    protected DashboardHost(int validationCopies) => this.validationCopies = validationCopies;

    public async Task InitializeAsync()
    {
        var dataRoot = Path.Combine(AppContext.BaseDirectory, "fixtures", "data");
        var experiments = Path.Combine(root, "experiments");
        if (validationCopies > 1)
        {
            dataRoot = LargeValidationCopy(dataRoot, Path.Combine(root, "data"), validationCopies);
        }

        Model = TrainFixtureModel(dataRoot, experiments);
        if (validationCopies == 1)
        {
            SecondModel = TrainFixtureModel(dataRoot, experiments, SecondRun, BetaVaeConfig.Name, latentDim: 3, epochs: 1);
        }

        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Storage:DataRoot", dataRoot);
            builder.UseSetting("Storage:ExperimentsRoot", experiments);
            builder.UseSetting("Storage:DatabasePath", Path.Combine(root, "index.db"));
            builder.UseSetting("Storage:CacheRoot", Path.Combine(root, "cache"));
            builder.UseSetting("Queue:RefreshMilliseconds", "200");
        });
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        factory.StartServer();

        playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }

        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static string TrainFixtureModel(
        string dataRoot, string experiments, string run = "e2e", string architecture = BranchedVaeConfig.Name, int latentDim = 4, int epochs = 2)
    {
        var dataset = new DatasetCatalog(dataRoot).Load("fashion");
        using var train = ImageTensors.From(dataset.Train);
        using var validation = ImageTensors.From(dataset.Validation);
        var config = Architectures.CreateConfig(architecture, new VaeHyperparameters("fashion", latentDim, 4));
        var options = new TrainingOptions { Epochs = epochs, BatchSize = 32, LearningRate = 1e-3, Seed = 3 };
        using var model = VaeTrainer.CreateModel(config, options.Seed);
        var result = new VaeTrainer().Train(model, train, validation, options);
        var store = new ExperimentStore(experiments);
        var now = DateTimeOffset.UtcNow;
        var name = store.NewModelName(run, config, now);
        store.Write(new ExperimentParams { Run = run, Model = name, Vae = config, Training = options, Created = now }, model, result);
        return name;
    }

    private static string LargeValidationCopy(string fixtures, string target, int copies)
    {
        var source = Path.Combine(fixtures, "fashion");
        var folder = Directory.CreateDirectory(Path.Combine(target, "fashion")).FullName;
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        var (count, _, rows, columns, pixels) = IdxFile.ReadImages(Path.Combine(source, "val-images-idx3-ubyte.gz"));
        var labels = IdxFile.ReadLabels(Path.Combine(source, "val-labels-idx1-ubyte.gz"));
        var random = new Random(17);
        var manyPixels = new byte[pixels.Length * copies];
        var manyLabels = new byte[count * copies];
        for (var copy = 0; copy < copies; copy++)
        {
            for (var i = 0; i < pixels.Length; i++)
            {
                manyPixels[(copy * pixels.Length) + i] = (byte)Math.Clamp(pixels[i] + random.Next(-24, 25), 0, 255);
            }

            labels.CopyTo(manyLabels, copy * count);
        }

        IdxFile.WriteImages(Path.Combine(folder, "val-images-idx3-ubyte.gz"), manyPixels, count * copies, rows, columns);
        IdxFile.WriteLabels(Path.Combine(folder, "val-labels-idx1-ubyte.gz"), manyLabels);
        return target;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(nameof(DashboardHosts), DisableParallelization = true)]
public sealed class DashboardHosts : ICollectionFixture<DashboardHost>;

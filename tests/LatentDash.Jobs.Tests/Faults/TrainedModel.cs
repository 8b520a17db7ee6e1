namespace LatentDash.Jobs.Tests.Faults;

/// <summary>One model trained once by a real `latentdash sweep` (beta-vae, mnist fixture, dim 2, 1 epoch), whose
/// experiments folder the fault tests copy instead of training again.</summary>
public sealed class TrainedModel : IAsyncLifetime, IDisposable
{
    private readonly StorageRoot root = new();

    public const string Run = "base";

    /// <summary>The experiments folder holding experiments/base/&lt;model&gt;/ (and the database, not copied).</summary>
    public string Experiments => root.Experiments;

    public string Model => Path.GetFileName(root.ModelFolders(Run).Single());

    public async Task InitializeAsync()
    {
        var (code, output) = await CliProcess.RunAsync(root.Path, [.. FaultArguments.Sweep(Run, "1")], TimeSpan.FromMinutes(3));
        Assert.True(code == 0, output);
    }

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => root.Dispose();
}

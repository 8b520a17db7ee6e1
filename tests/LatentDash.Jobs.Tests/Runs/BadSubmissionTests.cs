using Hangfire;
using LatentDash.Jobs.Runs;
using Microsoft.Extensions.DependencyInjection;

namespace LatentDash.Jobs.Tests.Runs;

/// <summary>Every rule of the form and the API: the message lands on its field, and nothing is recorded or enqueued.</summary>
[Collection(nameof(QueueUsers))]
public sealed class BadSubmissionTests : IDisposable
{
    private static readonly RunSubmission Good = Submissions.Good;

    private readonly QueueFolder folder = new();

    public static TheoryData<string, string, string> Cases => new()
    {
        { "beta zero", "betas", "finite and > 0" },
        { "beta negative", "betas", "finite and > 0" },
        { "beta NaN", "betas", "finite and > 0" },
        { "beta infinite", "betas", "finite and > 0" },
        { "no beta", "betas", "at least one beta" },
        { "latent dim 0", "latent_dims", "integer in 1..64" },
        { "latent dim 65", "latent_dims", "integer in 1..64" },
        { "latent dim 4.5", "latent_dims", "got 4.5" },
        { "epochs 0", "epochs", "1..500" },
        { "epochs 501", "epochs", "1..500" },
        { "batch 0", "batch_size", "1..4096" },
        { "batch 4097", "batch_size", "1..4096" },
        { "batch above the training set", "batch_size", "larger than the training set of fashion (800 images)" },
        { "learning rate 0", "learning_rate", "(0, 1]" },
        { "learning rate 1.5", "learning_rate", "(0, 1]" },
        { "run name with a slash", "run", "1 to 64 of A-Z a-z 0-9 . _ -" },
        { "run name too long", "run", "1 to 64 of A-Z a-z 0-9 . _ -" },
        { "no run name", "run", "give the run a name" },
        { "unknown dataset", "dataset", "not available" },
        { "unknown architecture", "architectures", "unknown architecture" },
        { "unknown optimizer", "optimizer", "use adam" },
        { "65 models", "sweep", "at most 64" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_bad_submission_gets_its_message_on_its_field_and_enqueues_nothing(string mistake, string field, string message)
    {
        using var host = folder.Start(new Dictionary<string, string?> { ["Queue:Workers"] = "0" });
        var commands = host.Services.GetRequiredService<TrainingCommands>();
        var trainings = host.Services.GetRequiredService<TrainingRepository>();

        var outcome = commands.Submit(Break(mistake), "test");

        Assert.False(outcome.Accepted);
        Assert.Empty(outcome.Trainings);
        Assert.True(outcome.Check.Errors.TryGetValue(field, out var messages), $"no message on {field}: {string.Join(" | ", outcome.Check.Errors.Keys)}");
        Assert.Contains(messages, m => m.Contains(message, StringComparison.Ordinal));
        Assert.Equal([field], outcome.Check.Errors.Keys); // and on no other field
        Assert.Equal(0, trainings.Count());
        var monitoring = host.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        Assert.Equal(0, monitoring.EnqueuedCount("default"));
        Assert.Equal(0, monitoring.GetStatistics().Enqueued);
    }

    [Fact]
    public void The_check_counts_the_models_of_a_sweep()
    {
        using var host = folder.Start(new Dictionary<string, string?> { ["Queue:Workers"] = "0" });
        var validator = host.Services.GetRequiredService<RunSubmissionValidator>();

        var check = validator.Check(Good with { Architectures = ["branched", "conditional", "beta-vae"], Betas = [2, 4, 8], LatentDims = [4, 10] });

        Assert.True(check.IsValid);
        Assert.Equal(18, check.ModelCount);
        Assert.Equal(18, check.Sweep!.Count);
    }

    private static RunSubmission Break(string mistake) => mistake switch
    {
        "beta zero" => Good with { Betas = [0] },
        "beta negative" => Good with { Betas = [2, -1] },
        "beta NaN" => Good with { Betas = [double.NaN] },
        "beta infinite" => Good with { Betas = [double.PositiveInfinity] },
        "no beta" => Good with { Betas = [] },
        "latent dim 0" => Good with { LatentDims = [0] },
        "latent dim 65" => Good with { LatentDims = [65] },
        "latent dim 4.5" => Good with { LatentDims = [4.5] },
        "epochs 0" => Good with { Epochs = 0 },
        "epochs 501" => Good with { Epochs = 501 },
        "batch 0" => Good with { BatchSize = 0 },
        "batch 4097" => Good with { BatchSize = 4097 },
        "batch above the training set" => Good with { BatchSize = 1000 },
        "learning rate 0" => Good with { LearningRate = 0 },
        "learning rate 1.5" => Good with { LearningRate = 1.5 },
        "run name with a slash" => Good with { Run = "../etc" },
        "run name too long" => Good with { Run = new string('r', 65) },
        "no run name" => Good with { Run = " " },
        "unknown dataset" => Good with { Dataset = "cifar" },
        "unknown architecture" => Good with { Architectures = ["transformer"] },
        "unknown optimizer" => Good with { Optimizer = "sgd" },
        "65 models" => Good with { Architectures = ["branched"], Betas = [.. Enumerable.Range(1, 13).Select(b => (double)b)], LatentDims = [1, 2, 3, 4, 5] },
        _ => throw new ArgumentOutOfRangeException(nameof(mistake), mistake, null),
    };

    public void Dispose() => folder.Dispose();
}

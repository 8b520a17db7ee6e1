using Hangfire;
using LatentDash.Jobs.Runs;
using LatentDash.Jobs.Tests.Runs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LatentDash.Jobs.Tests.BadInput;

/// <summary>Submissions a careless or hostile client might send, through the one check the form and the API share:
/// each is refused with a message on a field, and nothing is recorded, queued or written.</summary>
[Collection(nameof(QueueUsers))]
public sealed class SubmissionBatteryTests(SubmissionBatteryTests.OneHost fixture) : IClassFixture<SubmissionBatteryTests.OneHost>
{
    private static readonly RunSubmission Good = Submissions.Good;

    private static readonly Dictionary<string, (RunSubmission Submission, string Field)> Battery = new(StringComparer.Ordinal)
    {
        ["architecture null"] = (Good with { Architectures = [null!] }, "architectures"),
        ["architecture empty"] = (Good with { Architectures = [""] }, "architectures"),
        ["architecture blank"] = (Good with { Architectures = ["  "] }, "architectures"),
        ["architectures missing"] = (Good with { Architectures = null }, "architectures"),
        ["architectures 65 items"] = (Good with { Architectures = [.. Enumerable.Repeat("branched", 65)] }, "architectures"),
        ["architecture with newline"] = (Good with { Architectures = ["branched\nconditional"] }, "architectures"),
        ["architecture unicode"] = (Good with { Architectures = ["brånched"] }, "architectures"),
        ["architecture 100k chars"] = (Good with { Architectures = [new string('b', 100_000)] }, "architectures"),
        ["beta 1e300"] = (Good with { Betas = [1e300] }, "betas"),
        ["beta 1e300 with two dims"] = (Good with { Betas = [1e300], LatentDims = [2, 3] }, "betas"),
        ["beta max value"] = (Good with { Betas = [double.MaxValue] }, "betas"),
        ["beta negative zero"] = (Good with { Betas = [-0.0] }, "betas"),
        ["beta negative infinity"] = (Good with { Betas = [double.NegativeInfinity] }, "betas"),
        ["beta epsilon below zero"] = (Good with { Betas = [-double.Epsilon] }, "betas"),
        ["betas missing"] = (Good with { Betas = null }, "betas"),
        ["betas 65 items"] = (Good with { Betas = [.. Enumerable.Range(1, 65).Select(b => (double)b)] }, "betas"),
        ["betas a million items"] = (Good with { Betas = [.. Enumerable.Repeat(4.0, 1_000_000)] }, "betas"),
        ["latent dim negative"] = (Good with { LatentDims = [-3] }, "latent_dims"),
        ["latent dim NaN"] = (Good with { LatentDims = [double.NaN] }, "latent_dims"),
        ["latent dim infinite"] = (Good with { LatentDims = [double.PositiveInfinity] }, "latent_dims"),
        ["latent dim beyond int"] = (Good with { LatentDims = [3e10] }, "latent_dims"),
        ["latent dim 1e300"] = (Good with { LatentDims = [1e300] }, "latent_dims"),
        ["latent dims missing"] = (Good with { LatentDims = null }, "latent_dims"),
        ["latent dims 65 items"] = (Good with { LatentDims = [.. Enumerable.Range(1, 65).Select(d => (double)d)] }, "latent_dims"),
        ["epochs negative"] = (Good with { Epochs = -1 }, "epochs"),
        ["epochs int max"] = (Good with { Epochs = int.MaxValue }, "epochs"),
        ["epochs int min"] = (Good with { Epochs = int.MinValue }, "epochs"),
        ["batch negative"] = (Good with { BatchSize = -64 }, "batch_size"),
        ["batch int max"] = (Good with { BatchSize = int.MaxValue }, "batch_size"),
        ["learning rate NaN"] = (Good with { LearningRate = double.NaN }, "learning_rate"),
        ["learning rate infinite"] = (Good with { LearningRate = double.PositiveInfinity }, "learning_rate"),
        ["learning rate negative"] = (Good with { LearningRate = -1e-4 }, "learning_rate"),
        ["learning rate tiny negative"] = (Good with { LearningRate = -double.Epsilon }, "learning_rate"),
        ["class loss weight negative"] = (Good with { ClassLossWeight = -1 }, "class_loss_weight"),
        ["class loss weight negative zero epsilon"] = (Good with { ClassLossWeight = -double.Epsilon }, "class_loss_weight"),
        ["class loss weight NaN"] = (Good with { ClassLossWeight = double.NaN }, "class_loss_weight"),
        ["class loss weight infinite"] = (Good with { ClassLossWeight = double.PositiveInfinity }, "class_loss_weight"),
        ["class loss weight above the limit"] = (Good with { ClassLossWeight = Models.Limits.MaxClassLossWeight * 2 }, "class_loss_weight"),
        ["class loss weight without branched"] = (Good with { Architectures = ["conditional"], ClassLossWeight = 10 }, "class_loss_weight"),
        ["optimizer empty"] = (Good with { Optimizer = "" }, "optimizer"),
        ["optimizer long"] = (Good with { Optimizer = new string('a', 10_000) }, "optimizer"),
        ["run with trailing newline"] = (Good with { Run = "run\n" }, "run"),
        ["run with inner newline"] = (Good with { Run = "a\nb" }, "run"),
        ["run dot dot"] = (Good with { Run = ".." }, "run"),
        ["run dot"] = (Good with { Run = "." }, "run"),
        ["run backslash"] = (Good with { Run = "a\\b" }, "run"),
        ["run absolute path"] = (Good with { Run = "/etc" }, "run"),
        ["run unicode"] = (Good with { Run = "läuft" }, "run"),
        ["run emoji"] = (Good with { Run = "run-🚀" }, "run"),
        ["run NUL"] = (Good with { Run = "run\0" }, "run"),
        ["run null"] = (Good with { Run = null }, "run"),
        ["run 65 chars"] = (Good with { Run = new string('r', 65) }, "run"),
        ["run a megabyte"] = (Good with { Run = new string('r', 1 << 20) }, "run"),
        ["dataset null"] = (Good with { Dataset = null }, "dataset"),
        ["dataset path"] = (Good with { Dataset = "../data" }, "dataset"),
        ["dataset with newline"] = (Good with { Dataset = "fashion\n" + new string('x', 5) }, "dataset"),
        ["dataset hidden folder"] = (Good with { Dataset = ".fashion" }, "dataset"),
        ["overflowing product"] = (Good with
        {
            Architectures = ["branched", "conditional", "beta-vae"],
            Betas = [.. Enumerable.Range(1, 64).Select(b => (double)b)],
            LatentDims = [.. Enumerable.Range(1, 64).Select(d => (double)d)],
        }, "sweep"),
        ["65 models by case variants"] = (Good with
        {
            Architectures = ["branched", "Branched", "conditional", "Conditional", "beta-vae"],
            Betas = [.. Enumerable.Range(1, 22).Select(b => (double)b)],
        }, "sweep"),
    };

    public static TheoryData<string> Cases => [.. Battery.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_bad_submission_is_refused_on_its_field_and_nothing_is_recorded_queued_or_written(string mistake)
    {
        var (submission, field) = Battery[mistake];
        var commands = fixture.Host.Services.GetRequiredService<TrainingCommands>();

        var outcome = commands.Submit(submission, "battery");

        Assert.False(outcome.Accepted);
        Assert.Empty(outcome.Trainings);
        Assert.True(outcome.Check.Errors.ContainsKey(field), $"no message on {field}: {string.Join(" | ", outcome.Check.Errors.Select(e => $"{e.Key}: {string.Join("; ", e.Value)}"))}");
        Assert.All(outcome.Check.Errors.Values, messages => Assert.InRange(messages.Length, 1, Models.Limits.MaxMessagesPerField));
        Assert.All(outcome.Check.Errors.Values.SelectMany(m => m), m => Assert.InRange(m.Length, 1, 300));
        Assert.Equal(0, fixture.Host.Services.GetRequiredService<TrainingRepository>().Count());
        Assert.Equal(0, fixture.Host.Services.GetRequiredService<JobStorage>().GetMonitoringApi().GetStatistics().Enqueued);
        var written = Directory.Exists(fixture.Folder.Experiments) ? Directory.GetFileSystemEntries(fixture.Folder.Experiments) : [];
        Assert.True(written.Length == 0, string.Join(", ", written));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(10.0)]
    [InlineData(Models.Limits.MaxClassLossWeight)]
    public void A_class_loss_weight_in_bounds_reaches_the_branched_config(double weight)
    {
        var check = fixture.Host.Services.GetRequiredService<RunSubmissionValidator>()
            .Check(Good with { Architectures = ["branched", "beta-vae"], ClassLossWeight = weight });

        Assert.True(check.IsValid, string.Join("; ", check.Errors.SelectMany(e => e.Value)));
        Assert.Equal(2, check.ModelCount);
        Assert.Equal(weight, check.Sweep!.Expand().Select(r => r.Vae).OfType<Models.Networks.BranchedVaeConfig>().Single().ClassLossWeight);
    }

    [Fact]
    public void Case_variants_of_one_architecture_queue_one_model()
    {
        var check = fixture.Host.Services.GetRequiredService<RunSubmissionValidator>()
            .Check(Good with { Architectures = ["branched", "Branched", " BRANCHED"] });

        Assert.True(check.IsValid, string.Join("; ", check.Errors.SelectMany(e => e.Value)));
        Assert.Equal(1, check.ModelCount);
        Assert.Single(check.Sweep!.Expand());
    }

    /// <summary>One owner host (queue without workers) for the whole battery.</summary>
    public sealed class OneHost : IDisposable
    {
        public OneHost() => Host = Folder.Start(new Dictionary<string, string?> { ["Queue:Workers"] = "0" });

        internal QueueFolder Folder { get; } = new();

        public IHost Host { get; }

        public void Dispose()
        {
            Host.Dispose();
            Folder.Dispose();
        }
    }
}

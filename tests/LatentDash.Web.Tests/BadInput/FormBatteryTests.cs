using LatentDash.Jobs.Runs;
using LatentDash.Models.Data;
using LatentDash.Web.Train;

namespace LatentDash.Web.Tests.BadInput;

/// <summary>What a person might type into the Train form: each bad value becomes a message on its own field (the
/// form shows it there and queues nothing while any field has one), never an exception.</summary>
public sealed class FormBatteryTests
{
    private static readonly RunSubmissionValidator Validator =
        new(new DatasetCatalog(Path.Combine(AppContext.BaseDirectory, "fixtures", "data")));

    public static TheoryData<string, string, string> Cases => new()
    {
        { "betas", "abc", "betas" },
        { "betas", "4,,x", "betas" },
        { "betas", "1e999", "betas" },
        { "betas", "NaN", "betas" },
        { "betas", "-Infinity", "betas" },
        { "betas", "1e300", "betas" },
        { "betas", "0", "betas" },
        { "betas", "", "betas" },
        { "betas", "４", "betas" },
        { "betas", string.Join(',', Enumerable.Range(1, 65)), "betas" },
        { "betas", string.Join(',', Enumerable.Repeat("x", 500)), "betas" },
        { "latent_dims", "4.5", "latent_dims" },
        { "latent_dims", "1e10", "latent_dims" },
        { "latent_dims", "-1", "latent_dims" },
        { "latent_dims", "0x10", "latent_dims" },
        { "latent_dims", "", "latent_dims" },
        { "epochs", "2.5", "epochs" },
        { "epochs", "99999999999", "epochs" },
        { "epochs", "", "epochs" },
        { "epochs", "-5", "epochs" },
        { "batch_size", "0x10", "batch_size" },
        { "batch_size", "5000", "batch_size" },
        { "batch_size", "900", "batch_size" },
        { "learning_rate", "", "learning_rate" },
        { "learning_rate", "Infinity", "learning_rate" },
        { "learning_rate", "1,5", "learning_rate" },
        { "seed", "1e3", "seed" },
        { "seed", "9223372036854775808", "seed" },
        { "run", "", "run" },
        { "run", "../x", "run" },
        { "run", "a b", "run" },
        { "run", "a\nb", "run" },
        { "run", new string('r', 65), "run" },
        { "dataset", "", "dataset" },
        { "dataset", "../data", "dataset" },
        { "architectures", "", "architectures" },
        { "architectures", "transformer", "architectures" },
        { "class_loss_weight", "", "class_loss_weight" },
        { "class_loss_weight", "ten", "class_loss_weight" },
        { "class_loss_weight", "-1", "class_loss_weight" },
        { "class_loss_weight", "NaN", "class_loss_weight" },
        { "class_loss_weight", "1e300", "class_loss_weight" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_bad_field_value_gets_a_message_on_that_field(string input, string value, string field)
    {
        var form = new TrainFormModel { Run = "ok", Dataset = "fashion", Architectures = ["branched"], BatchSize = "64", Epochs = "1" };
        switch (input)
        {
            case "betas": form.Betas = value; break;
            case "latent_dims": form.LatentDims = value; break;
            case "epochs": form.Epochs = value; break;
            case "batch_size": form.BatchSize = value; break;
            case "learning_rate": form.LearningRate = value; break;
            case "seed": form.Seed = value; break;
            case "run": form.Run = value; break;
            case "dataset": form.Dataset = value; break;
            case "architectures": form.Architectures = value.Length == 0 ? [] : [value]; break;
            case "class_loss_weight": form.ClassLossWeight = value; break;
            default: throw new ArgumentOutOfRangeException(nameof(input), input, null);
        }

        var submission = form.ToSubmission(out var parseErrors);
        var check = Validator.Check(submission);

        var messages = parseErrors.TryGetValue(field, out var parsed) ? parsed : check.Errors.GetValueOrDefault(field);
        Assert.True(messages is { Length: > 0 }, $"no message on {field}; parse: {string.Join(", ", parseErrors.Keys)}; check: {string.Join(", ", check.Errors.Keys)}");
        Assert.InRange(messages!.Length, 1, Models.Limits.MaxMessagesPerField);
        Assert.All(messages, m => Assert.InRange(m.Length, 1, 300));
        Assert.True(parseErrors.Count > 0 || !check.IsValid, "the form would queue this");
    }

    [Fact]
    public void A_class_loss_weight_reaches_the_branched_model_and_is_not_sent_without_it()
    {
        var form = new TrainFormModel { Run = "ok", BatchSize = "64", Architectures = ["branched", "conditional"], ClassLossWeight = "10" };

        var check = Validator.Check(form.ToSubmission(out var parseErrors));
        form.Architectures = ["conditional"];
        var withoutBranched = form.ToSubmission(out _);

        Assert.Empty(parseErrors);
        Assert.True(check.IsValid, string.Join("; ", check.Errors.SelectMany(e => e.Value)));
        Assert.Equal(10, check.Sweep!.Expand().Select(r => r.Vae).OfType<Models.Networks.BranchedVaeConfig>().Single().ClassLossWeight);
        Assert.Null(withoutBranched.ClassLossWeight); // the field is hidden then: a value left in it must not refuse the form
        Assert.True(Validator.Check(withoutBranched).IsValid);
    }

    [Fact]
    public void The_defaults_with_a_run_name_are_valid()
    {
        var form = new TrainFormModel { Run = "ok", BatchSize = "64" };

        var check = Validator.Check(form.ToSubmission(out var parseErrors));

        Assert.Empty(parseErrors);
        Assert.True(check.IsValid, string.Join("; ", check.Errors.SelectMany(e => e.Value)));
    }
}

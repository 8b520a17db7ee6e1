using System.Globalization;
using System.Numerics;
using LatentDash.Jobs.Runs;
using LatentDash.Models;
using LatentDash.Models.Networks;
using LatentDash.Models.Training;

namespace LatentDash.Web.Train;

/// <summary>The Train form's fields as typed (text for the lists and numbers, so that any input can be shown back
/// with its message). <see cref="ToSubmission"/> parses them at the boundary; the checks themselves are the
/// validator's, shared with the HTTP API.</summary>
public sealed class TrainFormModel
{
    private static readonly TrainingOptions Defaults = new();

    public string Dataset { get; set; } = "fashion";

    public IReadOnlyCollection<string> Architectures { get; set; } = ["branched"];

    public string LatentDims { get; set; } = "4";

    public string Betas { get; set; } = "4";

    public string Epochs { get; set; } = Defaults.Epochs.ToString(CultureInfo.InvariantCulture);

    public string BatchSize { get; set; } = Defaults.BatchSize.ToString(CultureInfo.InvariantCulture);

    public string LearningRate { get; set; } = Defaults.LearningRate.ToString("0.####", CultureInfo.InvariantCulture);

    public string Optimizer { get; set; } = Defaults.Optimizer;

    public bool EarlyStopping { get; set; } = Defaults.EarlyStopping;

    public string Seed { get; set; } = Defaults.Seed.ToString(CultureInfo.InvariantCulture);

    public string Run { get; set; } = "";

    public bool ConditionedDecoder { get; set; }

    /// <summary>Sent only when the branched architecture is chosen (the field shows only then).</summary>
    public string ClassLossWeight { get; set; } = BranchedVaeConfig.DefaultClassLossWeight.ToString(CultureInfo.InvariantCulture);

    /// <summary>The submission these fields describe, and the fields that did not parse (by the validator's names).</summary>
    public RunSubmission ToSubmission(out Dictionary<string, string[]> parseErrors)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var submission = new RunSubmission
        {
            Run = Run.Trim(),
            Dataset = Dataset,
            Architectures = [.. Architectures],
            Betas = NumberList(Betas, "betas", "beta", errors),
            LatentDims = NumberList(LatentDims, "latent_dims", "latent dim", errors),
            Epochs = Whole<int>(Epochs, "epochs", errors),
            BatchSize = Whole<int>(BatchSize, "batch_size", errors),
            LearningRate = Number(LearningRate, "learning_rate", errors),
            Optimizer = Optimizer,
            EarlyStopping = EarlyStopping,
            Seed = Whole<long>(Seed, "seed", errors),
            ConditionedDecoder = ConditionedDecoder,
            ClassLossWeight = Architectures.Contains(BranchedVaeConfig.Name) ? Number(ClassLossWeight, "class_loss_weight", errors) : null,
        };
        parseErrors = errors;
        return submission;
    }

    /// <summary>Numbers separated by commas, semicolons or spaces: "2, 4, 8".</summary>
    private static double[] NumberList(string text, string field, string what, Dictionary<string, string[]> errors)
    {
        var values = new List<double>();
        var bad = new List<string>();
        foreach (var token in text.Split([',', ';', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                values.Add(value);
            }
            else
            {
                bad.Add($"'{Limits.Echo(token)}' is not a number (one {what} or several, separated by commas)");
            }
        }

        if (bad.Count > 0)
        {
            errors[field] = Limits.CapMessages(bad);
        }

        return [.. values];
    }

    private static T? Whole<T>(string text, string field, Dictionary<string, string[]> errors)
        where T : struct, IBinaryInteger<T>
    {
        if (T.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors[field] = [$"'{Limits.Echo(text)}' is not a whole number"];
        return null;
    }

    private static double? Number(string text, string field, Dictionary<string, string[]> errors)
    {
        if (double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors[field] = [$"'{Limits.Echo(text)}' is not a number (e.g. 0.0001 or 1e-4)"];
        return null;
    }
}

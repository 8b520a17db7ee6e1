using System.CommandLine;
using LatentDash.Models.Experiments;

namespace LatentDash.Jobs.Cli;

/// <summary>The key=value terms that `list` and `analyze` take to choose models, parsed at the boundary.</summary>
internal static class ModelFilter
{
    public static Argument<string[]> Argument(string example) => new("filter")
    {
        Description = $"key=value terms on any hyperparameter, e.g. {example}.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <summary>The query, or null after printing each bad term (the command then exits with 2).</summary>
    public static async Task<ExperimentQuery?> ParseAsync(ParseResult parse, Argument<string[]> filters)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var query = ExperimentQuery.Parse(parse.GetValue(filters) ?? [], out var errors);
        foreach (var error in errors)
        {
            await Console.Error.WriteLineAsync($"error: {error}").ConfigureAwait(false);
        }

        return errors.Count == 0 ? query : null;
    }
}

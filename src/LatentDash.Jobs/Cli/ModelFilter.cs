using System.CommandLine;
using LatentDash.Models;
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

    /// <summary>What to say when <paramref name="query"/> chose no model: that there are none yet, that a key is carried
    /// by no model (with the keys there are), or that these values match none of the indexed models.</summary>
    public static string NoMatch(IExperimentIndex index, ExperimentQuery query, ParseResult parse, Argument<string[]> filters)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(parse);
        var all = index.Query(new ExperimentQuery());
        if (all.Count == 0)
        {
            return "No models yet. Train some with: latentdash sweep --epochs 1";
        }

        var keys = all.SelectMany(e => e.Hyperparameters.Keys).Concat(["run", "dataset", "architecture"])
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var unknown = query.With.Keys.Where(k => !keys.Contains(k)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            return $"No models match: no model has {string.Join(" or ", unknown.Select(k => $"'{Limits.Echo(k)}'"))}; " +
                $"keys: {string.Join(", ", keys.Order(StringComparer.Ordinal))}";
        }

        var terms = string.Join(' ', (parse.GetValue(filters) ?? []).Select(t => Limits.Echo(t)));
        return $"No models match {terms} ({all.Count} model(s) indexed; `latentdash list` shows them all).";
    }
}

using System.CommandLine.Parsing;
using System.Globalization;

namespace LatentDash.Jobs.Cli;

/// <summary>Parses option values given as comma-separated lists ("2,4" or "2 4"), reporting bad items by value.</summary>
internal static class ListParsing
{
    public static string[] Strings(ArgumentResult result) =>
        [.. result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];

    public static double[] Doubles(ArgumentResult result)
    {
        var values = new List<double>();
        foreach (var item in Strings(result))
        {
            if (double.TryParse(item, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                values.Add(value);
            }
            else
            {
                result.AddError($"'{item}' is not a number");
            }
        }

        return [.. values];
    }

    public static int[] Integers(ArgumentResult result)
    {
        var values = new List<int>();
        foreach (var item in Strings(result))
        {
            if (int.TryParse(item, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                values.Add(value);
            }
            else
            {
                result.AddError($"'{item}' is not an integer");
            }
        }

        return [.. values];
    }
}

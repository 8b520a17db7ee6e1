using System.Globalization;
using LatentDash.Models.Experiments;

namespace LatentDash.Web.Analysis;

/// <summary>Reading and writing the typed values of a view's query string, shared by every view record: each reader
/// returns null and adds one message when the value is bad, so a bad parameter is reported and ignored, never thrown.</summary>
public static class QueryValues
{
    /// <summary>A dataset, run or model name (the naming rule of folders).</summary>
    public static string? Name(string value, string what, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (ExperimentNames.Problem(value, what) is { } problem)
        {
            problems.Add(problem);
            return null;
        }

        return value;
    }

    public static int? WholeNumber(string value, string what, int min, int max, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
        {
            return number;
        }

        problems.Add($"{what} '{Models.Limits.Echo(value)}' must be an integer in {min}..{max}");
        return null;
    }

    /// <summary>A finite number in [min, max].</summary>
    public static double? Number(string value, string what, double min, double max, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) &&
            number >= min && number <= max)
        {
            return number;
        }

        problems.Add($"{what} '{Models.Limits.Echo(value)}' must be a number in {Format(min)}..{Format(max)}");
        return null;
    }

    /// <summary>One of the named choices (the URL's word for each value).</summary>
    public static T? Choice<T>(string value, string what, IReadOnlyDictionary<string, T> choices, ICollection<string> problems)
        where T : struct
    {
        ArgumentNullException.ThrowIfNull(choices);
        ArgumentNullException.ThrowIfNull(problems);
        if (choices.TryGetValue(value, out var choice))
        {
            return choice;
        }

        problems.Add($"{what} '{Models.Limits.Echo(value)}' must be one of {string.Join(", ", choices.Keys)}");
        return null;
    }

    /// <summary>A comma-separated list of integers in [min, max], at most <paramref name="maxCount"/> of them.</summary>
    public static int[]? WholeNumbers(string value, string what, int min, int max, int maxCount, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var items = value.Split(',');
        if (items.Length > maxCount)
        {
            problems.Add($"{what} has {items.Length} values; at most {maxCount}");
            return null;
        }

        var result = new int[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            if (WholeNumber(items[i], what, min, max, problems) is not { } number)
            {
                return null;
            }

            result[i] = number;
        }

        return result;
    }

    /// <summary>Joins key=value pairs, escaped, skipping null values, in the order given (so equal views give equal URLs).</summary>
    public static string Join(IEnumerable<(string Key, string? Value)> pairs) =>
        string.Join('&', pairs.Where(p => p.Value is not null).Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!)}"));

    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Format(IEnumerable<int> values) => string.Join(',', values.Select(Format));
}

using System.Text.RegularExpressions;

namespace LatentDash.Models.Experiments;

/// <summary>The rule every name that becomes a path follows: [A-Za-z0-9._-]{1,64} as the whole string (no trailing
/// newline), and not "." or "..".</summary>
public static partial class ExperimentNames
{
    public static bool IsValid(string? name) =>
        name is not null && SafeName().IsMatch(name) && name != "." && name != "..";

    /// <summary>Returns the problem with <paramref name="name"/>, or null when it is valid.</summary>
    public static string? Problem(string? name, string what) => IsValid(name)
        ? null
        : $"{what} '{Limits.Echo(name)}' is not allowed: use 1 to {Limits.MaxNameLength} of A-Z a-z 0-9 . _ - (not '.' or '..')";

    /// <exception cref="ArgumentException">The name breaks the rule.</exception>
    public static string Require(string? name, string what) =>
        Problem(name, what) is { } problem ? throw new ArgumentException(problem, what) : name!;

    // \z, not $: "$" also matches before a final newline, and "run\n" would become a folder name.
    [GeneratedRegex(@"\A[A-Za-z0-9._-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex SafeName();
}

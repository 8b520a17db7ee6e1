using System.Reflection;

namespace LatentDash.Jobs.Tests;

/// <summary>Where the tests find the repository's files and the command line's build output.</summary>
internal static class RepositoryRoot
{
    /// <summary>The folder holding LatentDash.sln, found by walking up from the test's output folder.</summary>
    public static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LatentDash.sln")))
            {
                return directory.FullName;
            }
        }

        Assert.Fail($"no LatentDash.sln above {AppContext.BaseDirectory}");
        return null!;
    }

    /// <summary>latentdash.dll with its runtimeconfig, to start as `dotnet latentdash.dll ...`: beside the tests (the
    /// SDK copies a referenced executable's runtimeconfig and deps), else in the Jobs project's own output of the same
    /// configuration and target framework (bin/&lt;Configuration&gt;/&lt;tfm&gt;/).</summary>
    public static string LatentdashDll()
    {
        var configuration = typeof(RepositoryRoot).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var framework = Path.GetFileName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        string[] folders =
        [
            AppContext.BaseDirectory,
            Path.Combine(Find(), "src", "LatentDash.Jobs", "bin", configuration, framework),
        ];
        foreach (var folder in folders)
        {
            var dll = Path.Combine(folder, "latentdash.dll");
            if (File.Exists(dll) && File.Exists(Path.Combine(folder, "latentdash.runtimeconfig.json")))
            {
                return dll;
            }
        }

        Assert.Fail($"latentdash.dll with latentdash.runtimeconfig.json is in none of: {string.Join(", ", folders)} (build src/LatentDash.Jobs -c {configuration})");
        return null!;
    }
}

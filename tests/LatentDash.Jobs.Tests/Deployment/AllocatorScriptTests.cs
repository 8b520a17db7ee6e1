using System.Diagnostics;

namespace LatentDash.Jobs.Tests.Deployment;

/// <summary>build/with-allocator.sh, through which run.sh, worker.sh and the container images start the processes that
/// train: mimalloc where build/mimalloc.sh finds or fetches it, else glibc with the tunables that keep training fast.</summary>
public sealed class AllocatorScriptTests
{
    private static readonly string Root = RepositoryRoot.Find();

    private const string Tunables = "glibc.malloc.mmap_threshold=4294967296:glibc.malloc.trim_threshold=4294967296";

    /// <summary>The child prints its LD_PRELOAD, its GLIBC_TUNABLES and the shared objects mapped into it.</summary>
    private static readonly string[] Child = ["sh", "-c", "printf '%s\\n%s\\n' \"${LD_PRELOAD:-}\" \"$GLIBC_TUNABLES\"; cat /proc/self/maps"];

    [Fact]
    public async Task By_default_the_command_runs_on_the_mimalloc_that_mimalloc_sh_gives_or_on_glibc_where_it_gives_none()
    {
        var (_, library, _) = await Run(["build/mimalloc.sh"], allocator: null);
        library = library.Trim();

        var (code, output, errors) = await Run(["build/with-allocator.sh", .. Child], allocator: null);

        Assert.Equal(0, code);
        var lines = output.Split('\n');
        Assert.Equal(library, lines[0]);
        Assert.Equal(Tunables, lines[1]);
        if (library.Length > 0)
        {
            // The library is loaded into the command's process, and the script says so.
            Assert.Contains(lines.Skip(2), l => l.EndsWith(library, StringComparison.Ordinal));
            Assert.Contains($"Memory allocator: mimalloc ({library})", errors, StringComparison.Ordinal);
        }
        else
        {
            Assert.DoesNotContain(lines.Skip(2), l => l.Contains("mimalloc", StringComparison.Ordinal));
            Assert.Contains("Memory allocator: glibc", errors, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Asked_for_glibc_it_preloads_nothing_and_sets_the_tunables()
    {
        var (code, output, errors) = await Run(["build/with-allocator.sh", .. Child], allocator: "glibc");

        Assert.Equal(0, code);
        var lines = output.Split('\n');
        Assert.Equal("", lines[0]);
        Assert.Equal(Tunables, lines[1]);
        Assert.DoesNotContain(lines.Skip(2), l => l.Contains("mimalloc", StringComparison.Ordinal));
        Assert.Contains("Memory allocator: glibc (LATENTDASH_ALLOCATOR=glibc)", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_allocator_is_refused_before_the_command_runs()
    {
        var marker = Path.Combine(Path.GetTempPath(), $"latentdash-allocator-{Guid.NewGuid():N}");

        var (code, _, errors) = await Run(["build/with-allocator.sh", "touch", marker], allocator: "tcmalloc");

        Assert.Equal(2, code);
        Assert.Contains("LATENTDASH_ALLOCATOR must be mimalloc or glibc, not 'tcmalloc'", errors, StringComparison.Ordinal);
        Assert.False(File.Exists(marker), "the command ran");
    }

    [Fact]
    public async Task The_commands_exit_code_is_the_scripts()
    {
        var (code, _, _) = await Run(["build/with-allocator.sh", "sh", "-c", "exit 7"], allocator: "glibc");

        Assert.Equal(7, code);
    }

    /// <summary>Runs bash on a script of the repository with a clean allocator environment (LATENTDASH_ALLOCATOR set to
    /// <paramref name="allocator"/>, or unset when null).</summary>
    private static async Task<(int Code, string Output, string Errors)> Run(string[] arguments, string? allocator)
    {
        var start = new ProcessStartInfo("bash", arguments)
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Remove("LD_PRELOAD");
        start.Environment.Remove("GLIBC_TUNABLES");
        start.Environment.Remove("LATENTDASH_ALLOCATOR");
        if (allocator is not null)
        {
            start.Environment["LATENTDASH_ALLOCATOR"] = allocator;
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2)); // a first fetch of Debian's package
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }
}

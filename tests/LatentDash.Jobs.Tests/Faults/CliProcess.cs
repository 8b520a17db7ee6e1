using System.Diagnostics;
using System.Text;

namespace LatentDash.Jobs.Tests.Faults;

/// <summary>`dotnet latentdash.dll …` run as a real child process in a storage root (data/, experiments/, .cache/ under
/// its working directory), optionally under a shell prelude (a file-size limit). Output and errors are kept together.</summary>
internal sealed class CliProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private CliProcess(Process process) => this.process = process;

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <summary>Everything printed so far.</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>Starts the CLI; with <paramref name="shellPrelude"/>, through `bash -c "&lt;prelude&gt;; exec dotnet …"`.</summary>
    public static CliProcess Start(string root, string[] arguments, string? shellPrelude = null)
    {
        var dll = RepositoryRoot.LatentdashDll();
        var start = shellPrelude is null
            ? new ProcessStartInfo(DotnetHost(), [dll, .. arguments])
            : new ProcessStartInfo("bash", ["-c", $"{shellPrelude}; exec \"$0\" \"$@\"", DotnetHost(), dll, .. arguments]);
        start.WorkingDirectory = root;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.Environment.TryAdd("GLIBC_TUNABLES", "glibc.malloc.mmap_threshold=4294967296:glibc.malloc.trim_threshold=4294967296");
        start.Environment["LATENTDASH_Storage__TorchThreads"] = "1";
        if (shellPrelude is not null)
        {
            // The runtime's W^X double mapping sizes a memfd far beyond a small file-size limit and dies of it.
            start.Environment["DOTNET_EnableWriteXorExecute"] = "0";
        }
        var cli = new CliProcess(new Process { StartInfo = start });
        cli.process.OutputDataReceived += (_, e) => cli.Append(e.Data);
        cli.process.ErrorDataReceived += (_, e) => cli.Append(e.Data);
        cli.process.Start();
        cli.process.BeginOutputReadLine();
        cli.process.BeginErrorReadLine();
        return cli;
    }

    /// <summary>Runs the CLI to its end (at most <paramref name="timeout"/>) and returns its exit code and output.</summary>
    public static async Task<(int Code, string Output)> RunAsync(string root, string[] arguments, TimeSpan timeout, string? shellPrelude = null)
    {
        using var cli = Start(root, arguments, shellPrelude);
        await cli.WaitAsync(timeout);
        return (cli.ExitCode, cli.Output);
    }

    public async Task WaitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"latentdash {process.StartInfo.ArgumentList.Last()} did not end within {timeout}:{Environment.NewLine}{Output}");
        }

        process.WaitForExit(); // drains the redirected output
    }

    /// <summary>Sends a signal by name (STOP, KILL) with kill(1), as an operator or an OOM killer would.</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{name}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
    }

    public void Dispose()
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // it had ended already
        }

        process.WaitForExit();
        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string DotnetHost() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
}

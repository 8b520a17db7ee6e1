using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LatentDash.Web.Tests.Security;

/// <summary>The built dashboard (src/LatentDash.Web/bin/&lt;Configuration&gt;/net10.0/LatentDash.Web.dll) as a real
/// process in a working folder of its own, with its output collected, stopped by SIGTERM as Ctrl+C, docker stop and
/// systemd do.</summary>
internal sealed class DashboardProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private DashboardProcess(Process process, int port)
    {
        this.process = process;
        Port = port;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }

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

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <summary>Starts the dashboard in <paramref name="workingDirectory"/> on 127.0.0.1 (or <paramref name="host"/>)
    /// and a free port, with the given environment on top of this process's.</summary>
    public static DashboardProcess Start(string workingDirectory, IReadOnlyDictionary<string, string> environment, string host = "127.0.0.1")
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [WebDll(), "--urls", $"http://{host}:{port}"])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return new DashboardProcess(Process.Start(start)!, port);
    }

    /// <summary>Waits until /healthz answers 200.</summary>
    public async Task WaitUntilServingAsync(HttpClient client, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            Assert.False(process.HasExited, $"the dashboard exited with {(process.HasExited ? process.ExitCode : 0)}:\n{Output}");
            try
            {
                using var response = await client.GetAsync($"http://127.0.0.1:{Port}/healthz");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(100);
        }

        Assert.Fail($"the dashboard did not serve within {timeout}:\n{Output}");
    }

    /// <summary>Sends SIGTERM and returns how long the process took to exit (at most <paramref name="timeout"/>).</summary>
    public async Task<TimeSpan> TerminateAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"the dashboard did not exit within {timeout} of SIGTERM:\n{Output}");
        }

        process.WaitForExit(); // the output's end
        return clock.Elapsed;
    }

    /// <summary>Ends the process with SIGKILL, as a crash, the OOM killer or a power cut would: nothing runs after it.</summary>
    public async Task KillAsync()
    {
        using (var kill = Process.Start("kill", ["-KILL", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await process.WaitForExitAsync();
        process.WaitForExit();
    }

    /// <summary>Waits for the process to end by itself.</summary>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"the dashboard did not exit by itself within {timeout}:\n{Output}");
        }

        process.WaitForExit();
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    /// <summary>The web project's own build output of this test run's configuration (its appsettings.json and static
    /// web assets manifest lie beside it).</summary>
    private static string WebDll()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        for (var directory = testOutput; directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LatentDash.sln")))
            {
                var dll = Path.Combine(directory.FullName, "src", "LatentDash.Web", "bin", configuration, framework, "LatentDash.Web.dll");
                Assert.True(File.Exists(dll), $"{dll} is missing: build src/LatentDash.Web -c {configuration}");
                return dll;
            }
        }

        Assert.Fail($"no LatentDash.sln above {testOutput}");
        return null!;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

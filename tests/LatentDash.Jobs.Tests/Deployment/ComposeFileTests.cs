using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LatentDash.Jobs.Tests.Deployment;

/// <summary>The container deployment: docker-compose.yml resolves to PostgreSQL, the web app and two workers on one
/// queue and one experiments volume, built from the Dockerfile's targets. `docker-compose config` needs no Docker
/// engine; building the images does, and none runs here, so the images themselves are not built by the tests.</summary>
public sealed class ComposeFileTests
{
    private static readonly string Root = RepositoryRoot.Find();

    /// <summary>The API key `docker-compose up` is given through the environment (the web container needs one).</summary>
    private const string ApiKey = "compose-test-key-0123456789";

    [Fact]
    public async Task The_compose_file_resolves_to_postgres_the_web_app_and_two_workers_on_one_queue_and_one_volume()
    {
        using var config = await ResolvedComposeFile();

        var services = config.RootElement.GetProperty("services");
        Assert.Equal(["postgres", "web", "worker-1", "worker-2"], services.EnumerateObject().Select(s => s.Name).Order(StringComparer.Ordinal));
        Assert.True(config.RootElement.GetProperty("volumes").TryGetProperty("experiments", out _), "no named volume 'experiments'");
        var postgres = services.GetProperty("postgres");
        Assert.StartsWith("postgres:15", postgres.GetProperty("image").GetString(), StringComparison.Ordinal);
        Assert.Contains("pg_isready", string.Join(' ', postgres.GetProperty("healthcheck").GetProperty("test").EnumerateArray()), StringComparison.Ordinal);
        Assert.Contains(Volumes(postgres), v => v.Source == "postgres"); // a named volume keeps the queue

        string? connection = null;
        foreach (var name in new[] { "web", "worker-1", "worker-2" })
        {
            var service = services.GetProperty(name);
            var environment = service.GetProperty("environment");
            string Setting(string key) => environment.TryGetProperty(key, out var value) ? value.GetString()! : $"({key} unset)";

            Assert.Equal(name == "web" ? "web" : "worker", service.GetProperty("build").GetProperty("target").GetString());
            Assert.Equal("service_healthy", service.GetProperty("depends_on").GetProperty("postgres").GetProperty("condition").GetString());
            Assert.Equal("PostgreSql", Setting("Queue__Storage"));
            Assert.Contains("Host=postgres;", Setting("Queue__ConnectionString"), StringComparison.Ordinal);
            connection ??= Setting("Queue__ConnectionString");
            Assert.Equal(connection, Setting("Queue__ConnectionString")); // one queue for all
            // The experiments folder each process is configured with is where the shared volume is mounted.
            var experiments = Assert.Single(Volumes(service), v => v.Source == "experiments");
            Assert.Equal(experiments.Target, Setting("Storage__ExperimentsRoot"));
            Assert.StartsWith(experiments.Target + "/", Setting("Storage__DatabasePath"), StringComparison.Ordinal);
        }

        var web = services.GetProperty("web");
        Assert.Equal("0", web.GetProperty("environment").GetProperty("Queue__Workers").GetString()); // the workers train
        // Reached from Docker's bridge, the web app is beyond loopback: the key from the environment guards it.
        Assert.Equal(ApiKey, web.GetProperty("environment").GetProperty("Security__ApiKey").GetString());
        Assert.Equal("localhost;127.0.0.1;[::1]", web.GetProperty("environment").GetProperty("AllowedHosts").GetString());
        // Published on 5000, and the container side is the port the web image listens on.
        var listens = Stages()["web"].Select(l => Regex.Match(l, @"ASPNETCORE_HTTP_PORTS=(\d+)")).Single(m => m.Success).Groups[1].Value;
        Assert.Matches($@"(^|:)5000:{listens}(/tcp)?$", Assert.Single(web.GetProperty("ports").EnumerateArray()).GetString());
        foreach (var worker in new[] { "worker-1", "worker-2" })
        {
            Assert.Equal(["worker"], services.GetProperty(worker).GetProperty("command").EnumerateArray().Select(a => a.GetString()));
        }
    }

    [Fact]
    public async Task The_compose_file_refuses_to_resolve_without_an_api_key_and_says_which_variable_to_set()
    {
        var (code, _, errors) = await Run(
            "docker-compose", ["-f", Path.Combine(Root, "docker-compose.yml"), "config"], null,
            "docker-compose is missing: test.sh installs Debian's docker-compose package (as root)", apiKey: null);

        Assert.NotEqual(0, code);
        Assert.Contains("LATENTDASH_API_KEY", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void The_Dockerfile_builds_the_web_and_worker_targets_from_the_sdk_onto_the_aspnet_runtime_with_the_training_allocator()
    {
        var stages = Stages();

        Assert.Contains("web", stages.Keys);
        Assert.Contains("worker", stages.Keys);
        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/sdk:10.0 ", stages["build"][0], StringComparison.Ordinal);
        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/aspnet:10.0 ", stages["runtime"][0], StringComparison.Ordinal);
        Assert.Equal("FROM runtime AS web", stages["web"][0]);
        Assert.Equal("FROM runtime AS worker", stages["worker"][0]);
        Assert.Contains(stages["runtime"], l => l.Contains("GLIBC_TUNABLES=glibc.malloc.mmap_threshold=4294967296", StringComparison.Ordinal));
        Assert.Contains(stages["data"], l => l.Contains("latentdash.dll data fetch", StringComparison.Ordinal));
        // The dashboard precompiled for the image's platform, restored for it first (the publish does not restore).
        Assert.Contains(stages["build"], l => l.Contains("dotnet restore src/LatentDash.Web/LatentDash.Web.csproj -r linux-x64", StringComparison.Ordinal));
        Assert.Contains(stages["build"], l => Regex.IsMatch(l, @"dotnet publish src/LatentDash\.Web/\S+ -c Release --no-restore -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o /out/web"));
        Assert.DoesNotContain(stages["runtime"], l => l.Contains("npm", StringComparison.Ordinal)); // fetched while building
        // Both processes start on mimalloc where the distribution's package installs, else on glibc with the tunables:
        // an unavailable package must not fail the build.
        Assert.Contains(stages["runtime"], l => Regex.IsMatch(l, @"apt-get install -y --no-install-recommends libmimalloc2\.0 \|\| echo "));
        Assert.Contains("COPY build/mimalloc.sh build/with-allocator.sh /app/build/", stages["runtime"]);
        Assert.All(["build/mimalloc.sh", "build/with-allocator.sh"], script => Assert.True(File.Exists(Path.Combine(Root, script)), script));
        Assert.Contains(@"ENTRYPOINT [""bash"", ""/app/build/with-allocator.sh"", ""dotnet"", ""/app/latentdash.dll""]", stages["worker"]);
        Assert.Contains(@"ENTRYPOINT [""bash"", ""/app/build/with-allocator.sh"", ""dotnet"", ""/app/LatentDash.Web.dll""]", stages["web"]);
        var ignored = File.ReadAllLines(Path.Combine(Root, ".dockerignore"));
        Assert.Contains("**/bin/", ignored);
        Assert.Contains("**/obj/", ignored);
    }

    [Fact]
    public async Task The_dashboard_restored_from_the_project_files_alone_as_the_Dockerfile_does_gets_blazors_scripts()
    {
        // The build stage's files before its restore (the cached layer), copied as its COPY lines say.
        var build = Stages()["build"];
        var folder = Directory.CreateTempSubdirectory("latentdash-docker-restore-");
        try
        {
            foreach (var copy in build.TakeWhile(l => !l.StartsWith("RUN dotnet restore", StringComparison.Ordinal))
                         .Where(l => l.StartsWith("COPY ", StringComparison.Ordinal)).Select(l => l.Split(' ')[1..]))
            {
                var target = Path.Combine(folder.FullName, copy[^1]);
                foreach (var source in copy[..^1].Select(f => Path.Combine(Root, f)))
                {
                    if (Directory.Exists(source))
                    {
                        CopyFolder(source, target);
                    }
                    else
                    {
                        Directory.CreateDirectory(copy[^1].EndsWith('/') ? target : Path.GetDirectoryName(target)!);
                        File.Copy(source, copy[^1].EndsWith('/') ? Path.Combine(target, Path.GetFileName(source)) : target);
                    }
                }
            }

            var start = new ProcessStartInfo("dotnet", ["msbuild", "src/LatentDash.Web/LatentDash.Web.csproj", "-getProperty:RequiresAspNetWebAssets", "-nologo"])
            {
                WorkingDirectory = folder.FullName,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            var output = await process.StandardOutput.ReadToEndAsync(timeout.Token);
            var errors = await process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);

            // Restore adds the package with _framework/blazor.web.js only when this is true; the SDK infers it from
            // .razor files, which that layer does not have.
            Assert.True(process.ExitCode == 0, output + errors);
            Assert.Equal("true", output.Trim());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static void CopyFolder(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
    }

    /// <summary>`docker-compose config`: the file validated, merged and interpolated, read as JSON.</summary>
    private static async Task<JsonDocument> ResolvedComposeFile()
    {
        var (code, yaml, errors) = await Run(
            "docker-compose", ["-f", Path.Combine(Root, "docker-compose.yml"), "config"], null,
            "docker-compose is missing: test.sh installs Debian's docker-compose package (as root)");
        Assert.True(code == 0, $"docker-compose config exited with {code}: {errors}");
        // Debian's docker-compose is Python and depends on PyYAML: the same parser turns its output into JSON.
        var (converted, json, problems) = await Run(
            "python3", ["-c", "import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)"], yaml,
            "python3 is missing (Debian's docker-compose depends on it)");
        Assert.True(converted == 0, problems);
        return JsonDocument.Parse(json);
    }

    /// <summary>A service's volumes in docker-compose 1.29's resolved short form, source:target[:mode].</summary>
    private static List<(string Source, string Target)> Volumes(JsonElement service) =>
        [.. service.GetProperty("volumes").EnumerateArray().Select(v => v.GetString()!.Split(':')).Select(p => (p[0], p[1]))];

    /// <summary>The Dockerfile's instructions (comments and blank lines left out, continuations joined) by stage name.</summary>
    private static Dictionary<string, List<string>> Stages()
    {
        var text = File.ReadAllText(Path.Combine(Root, "Dockerfile")).Replace("\\\n", " ", StringComparison.Ordinal);
        var stages = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<string>? current = null;
        foreach (var line in text.Split('\n').Select(l => Regex.Replace(l.Trim(), @"\s+", " ")).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            if (Regex.Match(line, @"^FROM \S+ AS (\S+)$", RegexOptions.IgnoreCase) is { Success: true } from)
            {
                stages[from.Groups[1].Value] = current = [];
            }

            current?.Add(line);
        }

        return stages;
    }

    /// <summary>Runs a program to its end (at most a minute) with LATENTDASH_API_KEY set to <paramref name="apiKey"/>
    /// (unset when null); a program that is not installed fails the test with <paramref name="missing"/>.</summary>
    private static async Task<(int Code, string Output, string Errors)> Run(
        string program, string[] arguments, string? input, string missing, string? apiKey = ApiKey)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = Root,
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Remove("LATENTDASH_API_KEY");
        if (apiKey is not null)
        {
            start.Environment["LATENTDASH_API_KEY"] = apiKey;
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception ex)
        {
            Assert.Fail($"{missing} ({ex.Message})");
            throw;
        }

        using (process)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var errors = process.StandardError.ReadToEndAsync(timeout.Token);
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input);
                process.StandardInput.Close();
            }

            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"{program} {string.Join(' ', arguments)} did not end within a minute");
            }

            return (process.ExitCode, await output, await errors);
        }
    }
}

using System.Net;
using System.Text;
using System.Text.Json;
using Hangfire;
using LatentDash.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LatentDash.Web.Tests.BadInput;

/// <summary>Request bodies a careless or hostile client might send to the API: each gets a 4xx answer in
/// application/problem+json (never the HTML error page, never a 500), and nothing is queued or written.</summary>
[Collection(nameof(AppUsers))]
public sealed class ApiBatteryTests(ApiBatteryTests.OneApp app) : IClassFixture<ApiBatteryTests.OneApp>
{
    private const string Small = """
        {"run": "api", "dataset": "fashion", "architectures": ["branched"], "betas": [4], "latent_dims": [2],
         "epochs": 1, "batch_size": 64, "early_stopping": false}
        """;

    private static readonly Dictionary<string, (string ContentType, string Body)> Bodies = new(StringComparer.Ordinal)
    {
        ["architectures [null]"] = ("application/json", With("architectures", "[null]")),
        ["architectures a string"] = ("application/json", With("architectures", "\"branched\"")),
        ["architectures a number"] = ("application/json", With("architectures", "[1]")),
        ["architectures an object"] = ("application/json", With("architectures", "{\"a\": 1}")),
        ["architectures case variants x 64 betas x 64 dims"] = ("application/json", Small
            .Replace("[\"branched\"]", "[\"branched\", \"Branched\", \"BRANCHED\", \"conditional\"]", StringComparison.Ordinal)
            .Replace("[4]", "[" + string.Join(',', Enumerable.Range(1, 64)) + "]", StringComparison.Ordinal)
            .Replace("[2]", "[" + string.Join(',', Enumerable.Range(1, 64)) + "]", StringComparison.Ordinal)),
        ["betas [1e300] with two dims"] = ("application/json", With("betas", "[1e300]").Replace("[2]", "[2, 3]", StringComparison.Ordinal)),
        ["betas [1e999]"] = ("application/json", With("betas", "[1e999]")),
        ["betas [\"Infinity\"]"] = ("application/json", With("betas", "[\"Infinity\"]")),
        ["betas [\"-Infinity\"]"] = ("application/json", With("betas", "[\"-Infinity\"]")),
        ["betas [\"NaN\"]"] = ("application/json", With("betas", "[\"NaN\"]")),
        ["betas [\"4\"]"] = ("application/json", With("betas", "[\"4\"]")),
        ["betas [null]"] = ("application/json", With("betas", "[null]")),
        ["betas []"] = ("application/json", With("betas", "[]")),
        ["betas a thousand items"] = ("application/json", With("betas", "[" + string.Join(',', Enumerable.Repeat("4", 1000)) + "]")),
        ["betas [-0.0]"] = ("application/json", With("betas", "[-0.0]")),
        ["latent_dims [2.5]"] = ("application/json", With("latent_dims", "[2.5]")),
        ["latent_dims [1e10]"] = ("application/json", With("latent_dims", "[1e10]")),
        ["latent_dims [-1]"] = ("application/json", With("latent_dims", "[-1]")),
        ["latent_dims [\"NaN\"]"] = ("application/json", With("latent_dims", "[\"NaN\"]")),
        ["epochs 1e10"] = ("application/json", With("epochs", "1e10")),
        ["epochs 2.5"] = ("application/json", With("epochs", "2.5")),
        ["epochs 99999999999"] = ("application/json", With("epochs", "99999999999")),
        ["epochs -1"] = ("application/json", With("epochs", "-1")),
        ["epochs \"9\""] = ("application/json", With("epochs", "\"nine\"")),
        ["batch_size 0"] = ("application/json", With("batch_size", "0")),
        ["batch_size 2147483648"] = ("application/json", With("batch_size", "2147483648")),
        ["learning_rate \"NaN\""] = ("application/json", With("learning_rate", "\"NaN\"")),
        ["learning_rate 2"] = ("application/json", With("learning_rate", "2")),
        ["seed 1e30"] = ("application/json", With("seed", "1e30")),
        ["seed 9223372036854775808"] = ("application/json", With("seed", "9223372036854775808")),
        ["early_stopping \"yes\""] = ("application/json", With("early_stopping", "\"yes\"")),
        ["run with a trailing newline"] = ("application/json", With("run", "\"api\\n\"")),
        ["run ../x"] = ("application/json", With("run", "\"../x\"")),
        ["run with unicode"] = ("application/json", With("run", "\"läuft\"")),
        ["run 65 chars"] = ("application/json", With("run", "\"" + new string('r', 65) + "\"")),
        ["run null"] = ("application/json", With("run", "null")),
        ["run a number"] = ("application/json", With("run", "42")),
        ["dataset ../../etc"] = ("application/json", With("dataset", "\"../../etc\"")),
        ["dataset null"] = ("application/json", With("dataset", "null")),
        ["optimizer sgd"] = ("application/json", With("optimizer", "\"sgd\"")),
        ["class_loss_weight -1"] = ("application/json", With("class_loss_weight", "-1")),
        ["class_loss_weight 1e300"] = ("application/json", With("class_loss_weight", "1e300")),
        ["class_loss_weight \"NaN\""] = ("application/json", With("class_loss_weight", "\"NaN\"")),
        ["class_loss_weight \"10\""] = ("application/json", With("class_loss_weight", "\"10\"")),
        ["class_loss_weight [10]"] = ("application/json", With("class_loss_weight", "[10]")),
        ["class_loss_weight without branched"] = ("application/json", With("class_loss_weight", "10")
            .Replace("[\"branched\"]", "[\"conditional\"]", StringComparison.Ordinal)),
        ["duplicate key run"] = ("application/json", Small.Replace("{\"run\": \"api\",", "{\"run\": \"api\", \"run\": \"../x\",", StringComparison.Ordinal)),
        ["duplicate key betas"] = ("application/json", Small.Replace("\"betas\": [4]", "\"betas\": [4], \"betas\": [8]", StringComparison.Ordinal)),
        ["unknown field"] = ("application/json", With("betaz", "[4]")),
        ["top-level array"] = ("application/json", "[" + Small + "]"),
        ["top-level null"] = ("application/json", "null"),
        ["top-level number"] = ("application/json", "42"),
        ["top-level string"] = ("application/json", "\"hello\""),
        ["empty body"] = ("application/json", ""),
        ["truncated JSON"] = ("application/json", Small[..40]),
        ["trailing garbage"] = ("application/json", Small + "}"),
        ["comments"] = ("application/json", "/* hi */" + Small),
        ["deep nesting"] = ("application/json", new string('[', 5000) + new string(']', 5000)),
        ["invalid UTF-8 as latin1 text"] = ("application/json; charset=iso-8859-1", Small.Replace("api", "äpi", StringComparison.Ordinal)),
        ["text/plain"] = ("text/plain", Small),
        ["form urlencoded"] = ("application/x-www-form-urlencoded", "run=api&dataset=fashion"),
        ["multipart"] = ("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"run\"\r\n\r\napi\r\n--x--"),
        ["xml"] = ("application/xml", "<run>api</run>"),
        ["a megabyte of betas"] = ("application/json", With("betas", "[" + string.Join(',', Enumerable.Repeat("4", 512 * 1024)) + "]")),
    };

    public static TheoryData<string> Cases => [.. Bodies.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_bad_body_gets_a_4xx_problem_and_nothing_is_queued_or_written(string mistake)
    {
        var (contentType, body) = Bodies[mistake];
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.Remove("Content-Type");
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var response = await app.Client.PostAsync("/api/runs", content);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{(int)response.StatusCode}: {text[..Math.Min(400, text.Length)]}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(text);
        Assert.Equal((int)response.StatusCode, problem.RootElement.GetProperty("status").GetInt32());
        Assert.DoesNotContain("/work/", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Path.GetTempPath(), text, StringComparison.Ordinal);
        Assert.True(text.Length < 8_000, $"a {text.Length}-character answer");
        app.AssertNothingQueuedOrWritten();
    }

    [Theory]
    [InlineData("/api/runs?status=1")]
    [InlineData("/api/runs?status=-1")]
    [InlineData("/api/runs?status=Running%0A")]
    [InlineData("/api/runs?status=bogus")]
    public async Task A_bad_status_filter_is_a_problem_not_a_guess(string url)
    {
        using var response = await app.Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static string With(string field, string json)
    {
        var merged = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Small)!;
        merged[field] = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 }).RootElement.Clone();
        return JsonSerializer.Serialize(merged);
    }

    /// <summary>One app (no workers, so nothing could run even if queued) for the whole battery.</summary>
    public sealed class OneApp : IAsyncLifetime, IDisposable
    {
        private readonly AppFactory factory = new(new Dictionary<string, string?> { ["Queue:Workers"] = "0" });

        public HttpClient Client { get; private set; } = null!;

        public Task InitializeAsync()
        {
            Client = factory.CreateClient();
            return Task.CompletedTask;
        }

        public void AssertNothingQueuedOrWritten()
        {
            var statistics = factory.Services.GetRequiredService<JobStorage>().GetMonitoringApi().GetStatistics();
            Assert.Equal(0, statistics.Enqueued + statistics.Processing + statistics.Succeeded + statistics.Failed + statistics.Deleted + statistics.Scheduled);
            Assert.False(
                Directory.Exists(factory.Experiments) &&
                Directory.EnumerateDirectories(factory.Experiments).Any(d => !Path.GetFileName(d).StartsWith('.')),
                "a run folder was written");
        }

        public async Task DisposeAsync()
        {
            Client.Dispose();
            await factory.DisposeAsync();
        }

        public void Dispose() => factory.Dispose();
    }
}

using System.Globalization;

namespace LatentDash.LoadBench;

/// <summary>The load bench's command-line settings.</summary>
internal sealed record LoadSettings(
    Uri Url,
    LoadDriver Driver,
    int Sessions,
    IReadOnlyList<string> Models,
    string Dataset,
    int Seconds,
    int Hertz,
    bool RealSplom,
    int? ServerPid,
    string? Training,
    int BaselineSeconds,
    int SettleSeconds,
    int Samples)
{
    public const string Usage =
        "usage: LatentDash.LoadBench --models run/model[,run/model…] [--url http://127.0.0.1:5000] [--driver protocol|browser] " +
        "[--sessions 20 (or --pages)] [--dataset mnist] [--seconds 60] [--hz 10] [--real-splom (browser only)] [--server-pid PID] " +
        "[--training ID] [--baseline 10] [--settle 10] [--samples 200]";

    public static LoadSettings Parse(string[] args)
    {
        string? Value(string name)
        {
            var at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        }

        int Int(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

        var models = Value("--models")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        if (models.Length == 0 || models.Any(m => m.Split('/').Length != 2))
        {
            throw new ArgumentException("--models needs one or more run/model names");
        }

        var realSplom = args.Contains("--real-splom");
        var driver = Value("--driver") switch
        {
            null => realSplom ? LoadDriver.Browser : LoadDriver.Protocol,
            "protocol" => LoadDriver.Protocol,
            "browser" => LoadDriver.Browser,
            var other => throw new ArgumentException($"--driver {other}: protocol or browser"),
        };
        if (realSplom && driver != LoadDriver.Browser)
        {
            throw new ArgumentException("--real-splom draws the splom in browser pages: it needs --driver browser");
        }

        return new LoadSettings(
            new Uri(Value("--url") ?? "http://127.0.0.1:5000"),
            driver,
            Int("--sessions", Int("--pages", 20)),
            models,
            Value("--dataset") ?? "mnist",
            Int("--seconds", 60),
            Int("--hz", 10),
            realSplom,
            Value("--server-pid") is { } pid ? int.Parse(pid, CultureInfo.InvariantCulture) : null,
            Value("--training"),
            Int("--baseline", 10),
            Int("--settle", 10),
            Int("--samples", 200));
    }
}

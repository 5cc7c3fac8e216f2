using System.Globalization;

namespace McpGateway.Bench;

/// <summary>Command line of the benchmark (see bench/README.md).</summary>
public sealed record BenchOptions
{
    public string RepoRoot { get; init; } = "";
    public int Rounds { get; init; } = 4;
    public TimeSpan RoundDuration { get; init; } = TimeSpan.FromSeconds(2.5);
    public int WarmupCalls { get; init; } = 1000;
    public int[] Concurrency { get; init; } = [1, 32];
    public TimeSpan IdleWait { get; init; } = TimeSpan.FromSeconds(10);
    public string Output { get; init; } = "";
    public bool Quick { get; init; }
    /// <summary>The upstream MCP server: <c>testserver</c> (our C# test server, default) or <c>everything</c> (npm server-everything).</summary>
    public string Upstream { get; init; } = "testserver";
    /// <summary>Extra environment for the gateway process (experiments, e.g. runtime knobs); recorded in the report.</summary>
    public Dictionary<string, string> GatewayEnv { get; init; } = [];

    public const string Usage =
        "usage: McpGateway.Bench [--repo DIR] [--quick] [--rounds N] [--seconds S] [--warmup N] [--concurrency 1,32]\n" +
        "                        [--idle-seconds S] [--gateway-env NAME=VALUE]... [--out FILE.md]\n" +
        "                        [--upstream testserver|everything]";

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var o = new BenchOptions();
        int? rounds = null, warmup = null;
        double? seconds = null, idle = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{arg} needs a value");
            double Number() => double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 0
                ? n : throw new ArgumentException($"{arg} needs a non-negative number");
            switch (arg)
            {
                case "--repo": o = o with { RepoRoot = Path.GetFullPath(Value()) }; break;
                case "--quick": o = o with { Quick = true }; break;
                case "--upstream":
                    var upstream = Value();
                    o = o with
                    {
                        Upstream = upstream is "testserver" or "everything"
                            ? upstream : throw new ArgumentException("--upstream needs testserver or everything"),
                    };
                    break;
                case "--rounds": rounds = (int)Number(); break;
                case "--seconds": seconds = Number(); break;
                case "--warmup": warmup = (int)Number(); break;
                case "--idle-seconds": idle = Number(); break;
                case "--gateway-env":
                    var pair = Value();
                    var eq = pair.IndexOf('=');
                    if (eq <= 0)
                    {
                        throw new ArgumentException("--gateway-env needs NAME=VALUE");
                    }
                    o.GatewayEnv[pair[..eq]] = pair[(eq + 1)..];
                    break;
                case "--concurrency":
                    o = o with
                    {
                        Concurrency = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                            .Select(s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var c) && c > 0
                                ? c : throw new ArgumentException("--concurrency needs positive integers, e.g. 1,32"))
                            .ToArray(),
                    };
                    break;
                case "--out": o = o with { Output = Path.GetFullPath(Value()) }; break;
                case "-h" or "--help": throw new ArgumentException("help");
                default: throw new ArgumentException($"unknown argument '{arg}'");
            }
        }
        if (o.Quick)
        {
            o = o with { Rounds = 2, RoundDuration = TimeSpan.FromSeconds(1), WarmupCalls = 500, IdleWait = TimeSpan.FromSeconds(10) };
        }
        o = o with
        {
            Rounds = Math.Max(1, rounds ?? o.Rounds),
            RoundDuration = seconds is { } s ? TimeSpan.FromSeconds(Math.Max(0.1, s)) : o.RoundDuration,
            WarmupCalls = warmup ?? o.WarmupCalls,
            IdleWait = idle is { } w ? TimeSpan.FromSeconds(w) : o.IdleWait,
        };
        if (o.RepoRoot.Length == 0)
        {
            o = o with { RepoRoot = FindRepoRoot() };
        }
        if (o.Output.Length == 0)
        {
            o = o with { Output = Path.Combine(o.RepoRoot, "bench", "results", o.Upstream == "everything" ? "latest-everything.md" : "latest.md") };
        }
        return o;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "McpGateway.slnx")))
            {
                return dir.FullName;
            }
        }
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "McpGateway.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new ArgumentException("cannot find the repository root (McpGateway.slnx); pass --repo DIR");
    }
}

using System.Globalization;

namespace McpGateway.Bench.Functions;

/// <summary>Command line of the Functions bench; <see cref="Usage"/> lists it.</summary>
internal sealed record FunctionsOptions
{
    public string Repo { get; init; } = "";
    public string App { get; init; } = "";
    public string HostScript { get; init; } = "";
    public string Storage { get; init; } = Environment.GetEnvironmentVariable("AzureWebJobsStorage") ?? "";
    public string Output { get; init; } = "";
    public string ColdStartReport { get; init; } = "";
    public string Commit { get; init; } = "";
    public List<string> Scenarios { get; init; } = ["warm", "jobs"];
    public int Rounds { get; init; } = 4;
    public double Seconds { get; init; } = 5;
    public int Warmup { get; init; } = 300;
    public int AsyncRuns { get; init; } = 30;
    public int BatchRounds { get; init; } = 3;
    public int BatchSize { get; init; } = 100;
    public int MaxParallel { get; init; } = 8;

    public const string Usage = "usage: McpGateway.Bench.Functions --repo DIR --app DIR --host-script run-host.sh [--storage CONNECTION] [--out FILE.md]\n" +
        "  [--cold-start FILE.md] [--commit SHA] [--scenarios warm,jobs] [--rounds N] [--seconds S] [--warmup N] [--async-runs N]\n" +
        "  [--batch-rounds N] [--batch-size N] [--max-parallel N] [--quick]";

    public static FunctionsOptions Parse(string[] args)
    {
        var o = new FunctionsOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{arg} needs a value");
            int Int() => int.TryParse(Next(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0 ? n : throw new ArgumentException($"{arg} needs a number");
            o = arg switch
            {
                "--repo" => o with { Repo = Path.GetFullPath(Next()) },
                "--app" => o with { App = Path.GetFullPath(Next()) },
                "--host-script" => o with { HostScript = Path.GetFullPath(Next()) },
                "--storage" => o with { Storage = Next() },
                "--out" => o with { Output = Path.GetFullPath(Next()) },
                "--cold-start" => o with { ColdStartReport = Path.GetFullPath(Next()) },
                "--commit" => o with { Commit = Next() },
                "--scenarios" => o with { Scenarios = [.. Next().Split(',', StringSplitOptions.RemoveEmptyEntries)] },
                "--rounds" => o with { Rounds = Math.Max(1, Int()) },
                "--seconds" => o with { Seconds = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--warmup" => o with { Warmup = Int() },
                "--async-runs" => o with { AsyncRuns = Math.Max(1, Int()) },
                "--batch-rounds" => o with { BatchRounds = Math.Max(1, Int()) },
                "--batch-size" => o with { BatchSize = Math.Max(1, Int()) },
                "--max-parallel" => o with { MaxParallel = Int() },
                "--quick" => o with { Rounds = 2, Seconds = 2, Warmup = 100, AsyncRuns = 8, BatchRounds = 1 },
                _ => throw new ArgumentException($"unknown argument '{arg}'"),
            };
        }
        if (o.Repo.Length == 0 || o.App.Length == 0 || o.HostScript.Length == 0 || o.Storage.Length == 0)
        {
            throw new ArgumentException("--repo, --app, --host-script and --storage (or AzureWebJobsStorage) are required");
        }
        if (o.Scenarios.Any(s => s is not ("warm" or "jobs")))
        {
            throw new ArgumentException("--scenarios takes warm and/or jobs");
        }
        return o.Output.Length > 0 ? o : o with { Output = Path.Combine(o.Repo, "bench", "results", "functions.md") };
    }
}

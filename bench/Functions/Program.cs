// Issue-18 numbers for the isolated-worker Functions app under the real Functions host: warm REST tools/call latency
// (host vs standalone gateway vs direct) and async jobs (one call, a 100-call batch) on Azurite. The cold start is
// bench/ColdStart/McpGateway.ColdStart; run.sh runs both and this tool puts the cold-start report into results/functions.md.
using McpGateway.Bench.Functions;

FunctionsOptions o;
try
{
    o = FunctionsOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message + "\n" + FunctionsOptions.Usage);
    return 2;
}
static void Log(string text) => Console.Error.WriteLine($"[functions {DateTime.Now:HH:mm:ss}] {text}");
try
{
    var started = DateTimeOffset.UtcNow;
    var loadStart = FunctionsReport.LoadAverage();
    List<WarmPath>? warm = null;
    List<JobResults>? jobs = null;
    double functionsStart;
    await using (var targets = await Targets.StartAsync(o, Log))
    {
        functionsStart = targets.FunctionsStartMs;
        if (o.Scenarios.Contains("warm"))
        {
            warm = await WarmScenario.RunAsync(targets, o, Log, CancellationToken.None);
        }
        if (o.Scenarios.Contains("jobs"))
        {
            jobs = await JobsRun.RunAsync(targets, o, Log, CancellationToken.None);
        }
    }
    var coldStart = o.ColdStartReport.Length > 0 && File.Exists(o.ColdStartReport) ? await File.ReadAllTextAsync(o.ColdStartReport) : null;
    var report = FunctionsReport.Render(o, started, loadStart, functionsStart, warm, jobs, coldStart);
    Directory.CreateDirectory(Path.GetDirectoryName(o.Output)!);
    await File.WriteAllTextAsync(o.Output, report);
    Console.WriteLine(report);
    Log($"wrote {o.Output}");
    return 0;
}
catch (Exception e)
{
    Console.Error.WriteLine($"[functions] failed: {e}");
    return 1;
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace McpGateway.Bench.Functions;

/// <summary>One async call: submit → 202, submit → terminal status seen by the poller, and the server's created → finished.</summary>
internal sealed record AsyncCall(double AcceptMs, double EndToEndMs, double ServerMs, string Status, int Polls);

/// <summary>One batch: submit → 202, submit → the batch's <c>done</c> seen, the server's first created → last finished, counts.</summary>
internal sealed record BatchRun(double AcceptMs, double WallMs, double ServerSpanMs, string Counts, int Polls);

/// <summary>The async-job numbers of one gateway, with what it says about its job engine.</summary>
internal sealed record JobResults(string Name, List<AsyncCall> Calls, List<BatchRun> Batches, string Engine);

/// <summary>
/// Async jobs through the REST API only (so the same code measures the queue worker of today and the Durable orchestrations
/// that replace it): one echo call with <c>"async": true</c> → 202 + Location → <c>GET /gateway/jobs/{id}</c> every 10 ms until
/// terminal; and a batch of N echo calls (<c>POST /mcp/{template}/tools/batch</c>) → 202 + Location →
/// <c>GET /gateway/batches/{id}</c> every 100 ms (it reads every item) until <c>done</c>.
/// </summary>
internal sealed class JobScenario(string name, HttpClient http, Uri gateway)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    public string Name => name;

    public async Task<AsyncCall> AsyncCallAsync(int i, CancellationToken ct)
    {
        var t0 = Stopwatch.GetTimestamp();
        using var response = await http.PostAsJsonAsync(new Uri(gateway, $"/mcp/{Targets.Template}/tools/call"), new JsonObject
        {
            ["name"] = "echo",
            ["arguments"] = new JsonObject { ["message"] = $"async {i}" },
            ["async"] = true,
        }, ct);
        var location = await AcceptedAsync(response, ct);
        var accept = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        var polls = 0;
        while (true)
        {
            polls++;
            var job = await http.GetFromJsonAsync<JsonObject>(location, ct) ?? throw new InvalidOperationException("empty job");
            var status = job["status"]?.GetValue<string>() ?? "";
            if (status is "succeeded" or "failed" or "cancelled" or "interrupted" or "timeout")
            {
                var e2e = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                if (status == "succeeded" && job["result"]?["content"]?[0]?["text"]?.GetValue<string>() != $"async {i}")
                {
                    throw new InvalidOperationException($"{name}: unexpected job result {job.ToJsonString()}");
                }
                LastJob = job;
                return new AsyncCall(accept, e2e, Span(job, "created_at", "finished_at"), status, polls);
            }
            Check(t0, location);
            await Task.Delay(10, ct);
        }
    }

    public async Task<BatchRun> BatchAsync(int size, int maxParallel, CancellationToken ct)
    {
        var calls = new JsonArray(Enumerable.Range(0, size)
            .Select(i => (JsonNode)new JsonObject { ["name"] = "echo", ["arguments"] = new JsonObject { ["message"] = $"batch {i}" } }).ToArray());
        var t0 = Stopwatch.GetTimestamp();
        using var response = await http.PostAsJsonAsync(new Uri(gateway, $"/mcp/{Targets.Template}/tools/batch"),
            new JsonObject { ["calls"] = calls, ["max_parallel"] = maxParallel }, ct);
        var location = await AcceptedAsync(response, ct);
        var accept = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        var polls = 0;
        while (true)
        {
            polls++;
            var batch = await http.GetFromJsonAsync<JsonObject>(location, ct) ?? throw new InvalidOperationException("empty batch");
            if (batch["done"]?.GetValue<bool>() == true)
            {
                var wall = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                var items = batch["items"]!.AsArray().Select(n => n!.AsObject()).ToList();
                var created = items.Select(j => Time(j, "created_at")).Where(t => t is not null).Min();
                var finished = items.Select(j => Time(j, "finished_at")).Where(t => t is not null).Max();
                var counts = string.Join(", ", batch["counts"]!.AsObject().Where(kv => kv.Value!.GetValue<int>() > 0).Select(kv => $"{kv.Key} {kv.Value}"));
                return new BatchRun(accept, wall, created is { } c && finished is { } f ? (f - c).TotalMilliseconds : double.NaN, counts, polls);
            }
            Check(t0, location);
            await Task.Delay(100, ct);
        }
    }

    /// <summary>The last terminal job read, to report its fields.</summary>
    public JsonObject? LastJob { get; private set; }

    /// <summary>What the gateway says about its job engine: <c>GET /gateway/info</c> when it exists, and the job record's fields.</summary>
    public async Task<string> EngineAsync(CancellationToken ct)
    {
        using var info = await http.GetAsync(new Uri(gateway, "/gateway/info"), ct);
        var body = await info.Content.ReadAsStringAsync(ct);
        var infoText = info.StatusCode == HttpStatusCode.OK ? $"`GET /gateway/info`: `{(body.Length > 400 ? body[..400] + "…" : body)}`" : $"`GET /gateway/info` answers {(int)info.StatusCode}";
        var fields = LastJob is null ? "none" : string.Join(", ", LastJob.Select(kv => kv.Key));
        return $"{infoText}; a finished job's fields: {fields}";
    }

    private async Task<Uri> AcceptedAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.StatusCode != HttpStatusCode.Accepted || response.Headers.Location is not { } location)
        {
            throw new InvalidOperationException($"{name}: expected 202 with Location, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        }
        return new Uri(gateway, location);
    }

    private void Check(long t0, Uri location)
    {
        if (Stopwatch.GetElapsedTime(t0) > Timeout)
        {
            throw new TimeoutException($"{name}: {location} not terminal after {Timeout.TotalMinutes} min");
        }
    }

    private static DateTimeOffset? Time(JsonObject job, string field)
        => job[field] is { } v && v.GetValue<string>() is { } s ? DateTimeOffset.Parse(s, CultureInfo.InvariantCulture) : null;

    private static double Span(JsonObject job, string from, string to)
        => Time(job, from) is { } a && Time(job, to) is { } b ? (b - a).TotalMilliseconds : double.NaN;
}

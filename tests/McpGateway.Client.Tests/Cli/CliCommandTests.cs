using System.Text.Json.Nodes;
using McpGateway.Cli;
using McpGateway.Client.Tests.Infrastructure;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Client.Tests.Cli;

[Collection(ClientGatewayCollection.Name)]
public sealed class CliCommandTests(ClientGatewayFixture fixture) : IDisposable
{
    private const string T = ClientGatewayFixture.Template;
    private readonly CliRunner _cli = new(fixture.Url, GatewayHost.AdminKey);

    public void Dispose() => _cli.Dispose();

    private static void Expect(int code, CliResult result) => Assert.True(result.ExitCode == code, $"expected exit {code}\n{result}");

    [Fact]
    public async Task Register_registry_health_deregister()
    {
        var template = "cli-" + Guid.NewGuid().ToString("N")[..6];
        var register = await _cli.RunAsync("register", template, "--command", $"dotnet \"{McpServers.TestServerDll}\" --stdio", "--arg", "--id", "--arg", "c-1",
            "--id", "c-1", "--weight", "3", "--env", "GREETING=hi");
        Expect(0, register);
        Assert.Contains($"Registered {template}/c-1 (stdio)", register.Output);

        var table = await _cli.RunAsync("registry");
        Expect(0, table);
        Assert.Matches($@"{template}\s+c-1\s+stdio\s+dotnet .*McpGateway.TestServer.dll --stdio --id c-1\s+3", table.Output);

        var json = await _cli.RunAsync("registry", "--json");
        Expect(0, json);
        var instance = json.Json()["templates"]![template]!["instances"]![0]!;
        Assert.Equal("c-1", instance["id"]!.GetValue<string>());
        Assert.Equal("***", instance["env"]!["GREETING"]!.GetValue<string>());

        var call = await _cli.RunAsync("tools", "call", template, "whoami");
        Expect(0, call);
        Assert.Equal("c-1", call.Output.Trim());

        var health = await _cli.RunAsync("health", template, "--json");
        Expect(0, health);
        Assert.Equal(1, health.Json()["total_instances"]!.GetValue<int>());
        var gateway = await _cli.RunAsync("health");
        Expect(0, gateway);
        Assert.Contains("STATUS", gateway.Output);

        var stats = await _cli.RunAsync("stats");
        Expect(0, stats);
        Assert.Contains(template, stats.Output);

        Expect(0, await _cli.RunAsync("deregister", template, "c-1"));
        var again = await _cli.RunAsync("deregister", template, "c-1");
        Expect(ExitCodes.GatewayError, again);
        Assert.Contains("404", again.Error);
    }

    [Fact]
    public async Task Tools_list_and_call_with_typed_arguments()
    {
        var list = await _cli.RunAsync("tools", "list", T);
        Expect(0, list);
        Assert.Matches(@"echo\s+message\s+Returns the message as text\.", list.Output);

        var listed = await _cli.RunAsync("tools", "list", T, "--json");
        Expect(0, listed);
        Assert.Contains(listed.Json()["tools"]!.AsArray(), t => t!["name"]!.GetValue<string>() == "add");

        // a and b are numbers in the tool's schema, so "2" is sent as 2; message stays a string even when it looks like a number.
        var add = await _cli.RunAsync("tools", "call", T, "add", "--arg", "a=2", "--arg", "b=3");
        Expect(0, add);
        Assert.Equal("5", add.Output.Trim());
        var echo = await _cli.RunAsync("tools", "call", T, "echo", "--arg", "message=42", "--json");
        Expect(0, echo);
        Assert.Equal("42", echo.Json()["content"]![0]!["text"]!.GetValue<string>());
        var raw = await _cli.RunAsync("tools", "call", T, "add", "--args-json", """{"a": 1.5}""", "--arg", "b:=1", "--json");
        Expect(0, raw);
        Assert.Equal(2.5, raw.Json()["structuredContent"]!["sum"]!.GetValue<double>());
    }

    [Fact]
    public async Task Exit_codes_say_what_failed()
    {
        var usage = await _cli.RunAsync("tools", "call", T);
        Expect(ExitCodes.Usage, usage);
        var badArg = await _cli.RunAsync("tools", "call", T, "echo", "--arg", "novalue");
        Expect(ExitCodes.Usage, badArg);
        Assert.Contains("k=v", badArg.Error);

        var unknown = await _cli.RunAsync("tools", "call", "no-such-template", "echo", "--arg", "message=x");
        Expect(ExitCodes.GatewayError, unknown);
        Assert.Contains("mcpgw registry", unknown.Error);

        var toolError = await _cli.RunAsync("tools", "call", T, "fail");
        Expect(ExitCodes.UpstreamError, toolError);
        Assert.Contains("tool failed on purpose", toolError.Error);

        var rpcError = await _cli.RunAsync("tools", "call", T, "error", "--arg", "code=-32099", "--arg", "message=boom", "--json");
        Expect(ExitCodes.UpstreamError, rpcError);
        var problem = JsonNode.Parse(rpcError.Error)!["error"]!["problem"]!;
        Assert.Equal(-32099, problem["mcp_error_code"]!.GetValue<int>());

        var down = await _cli.RunAsync("health", "--url", $"http://127.0.0.1:{Ports.Free()}");
        Expect(ExitCodes.CannotConnect, down);
        Assert.Contains("is the gateway running? Start it with `mcpgw start`", down.Error);

        _cli.Variables.Remove("MCPGW_API_KEY");
        var anonymous = await _cli.RunAsync("tools", "list", T);
        Expect(ExitCodes.Auth, anonymous);
        Assert.Contains("mcpgw login", anonymous.Error);
        var wrongKey = await _cli.RunAsync("registry", "--api-key", "mgw_nope_nope");
        Expect(ExitCodes.Auth, wrongKey);
    }

    [Fact]
    public async Task Async_call_then_jobs_show_list_and_watch()
    {
        var started = await _cli.RunAsync("tools", "call", T, "echo", "--arg", "message=later", "--async");
        Expect(0, started);
        var jobId = started.Output.Trim();
        Assert.Matches("^[A-Za-z0-9_-]+$", jobId);

        var watch = await _cli.RunAsync("jobs", "watch", jobId);
        Expect(0, watch);
        Assert.Contains($"{jobId}: done (succeeded)", watch.Output);
        Assert.EndsWith("later", watch.Output.Trim());

        var show = await _cli.RunAsync("jobs", "show", jobId, "--json");
        Expect(0, show);
        Assert.Equal("succeeded", show.Json()["status"]!.GetValue<string>());
        Assert.Equal("later", show.Json()["result"]!["content"]![0]!["text"]!.GetValue<string>());

        var list = await _cli.RunAsync("jobs", "list", "--template", T, "--json");
        Expect(0, list);
        Assert.Contains(list.Json()["jobs"]!.AsArray(), j => j!["job_id"]!.GetValue<string>() == jobId);
        var table = await _cli.RunAsync("jobs", "list", "--status", "succeeded");
        Expect(0, table);
        Assert.Contains(jobId, table.Output);

        var missing = await _cli.RunAsync("jobs", "show", "no-such-job");
        Expect(ExitCodes.GatewayError, missing);
    }

    [Fact]
    public async Task Follow_prints_each_progress_step_then_the_result()
    {
        var follow = await _cli.RunAsync("tools", "call", T, "progress", "--arg", "steps=3", "--arg", "delay_ms=150", "--follow");
        Expect(0, follow);
        var lines = follow.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var steps = lines.Where(l => l.Contains(": progress ")).ToList();
        Assert.Contains(steps, l => l.EndsWith("progress 3/3 step 3"));
        Assert.Equal(steps.OrderBy(l => l, StringComparer.Ordinal).ToList(), steps);
        Assert.Contains(lines, l => l.EndsWith("done (succeeded)"));
        Assert.Equal("completed 3 steps", lines[^1]);

        var json = await _cli.RunAsync("tools", "call", T, "progress", "--arg", "steps=2", "--arg", "delay_ms=50", "--follow", "--json");
        Expect(0, json);
        Assert.Equal("succeeded", json.Json()["status"]!.GetValue<string>());
        Assert.Equal(2, json.Json()["progress"]!["progress"]!.GetValue<double>());
    }

    [Fact]
    public async Task Cancel_a_running_job()
    {
        var started = await _cli.RunAsync("tools", "call", T, "slow", "--arg", "ms=60000", "--async", "--json");
        Expect(0, started);
        var jobId = started.Json()["job_id"]!.GetValue<string>();
        using var client = fixture.Client();
        await Sdk.GatewayClientTests.WaitUntilAsync(async () => (await client.GetJobAsync(jobId)).Status == JobStatuses.Running);

        var cancel = await _cli.RunAsync("jobs", "cancel", jobId);
        Expect(0, cancel);
        Assert.Contains("cancelled", cancel.Output);
        var show = await _cli.RunAsync("jobs", "show", jobId);
        Expect(ExitCodes.UpstreamError, show);
        Assert.Contains("cancelled", show.Output);
    }
}

using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using McpGateway.Hosting;
using McpGateway.Tests.Infrastructure;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.Tests.Contract;

/// <summary>
/// The MCP front door at <c>/mcp/{template}</c>: the C# SDK's client and the official TypeScript SDK's (the Inspector CLI)
/// initialize, list and call server-everything's tools; progress notifications precede the result; errors are JSON-RPC errors
/// with a fitting HTTP status, never a 500.
/// </summary>
public abstract partial class GatewayContract
{
    private string McpUrl(string template) => new Uri(Target.BaseAddress, "/mcp/" + template).ToString();

    private async Task<McpClient> ConnectAsync(string template)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(McpUrl(template)),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["X-API-Key"] = Target.AdminKey },
        });
        return await McpClient.CreateAsync(transport);
    }

    [ContractFact]
    public async Task The_csharp_sdk_client_initializes_lists_and_calls_tools()
    {
        var template = await TemplateAsync();
        await using var client = await ConnectAsync(template);
        var tools = await client.ListToolsAsync();
        Assert.Contains(tools, t => t.Name == "echo");
        Assert.Contains(tools, t => t.Name == "trigger-long-running-operation");
        var result = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "sdk" });
        Assert.Equal("Echo: sdk", Assert.IsType<TextContentBlock>(result.Content[0]).Text);
    }

    [ContractFact]
    public async Task The_csharp_sdk_client_receives_every_progress_notification_as_it_is_streamed()
    {
        var template = await TemplateAsync();
        await using var client = await ConnectAsync(template);
        var clock = Stopwatch.StartNew();
        var resultReceived = false;
        var seen = new List<(double Progress, bool AfterResult, TimeSpan At)>();
        await using var registration = client.RegisterNotificationHandler(NotificationMethods.ProgressNotification, (notification, _) =>
        {
            if (notification.Params?["progress"] is JsonValue value && value.TryGetValue<double>(out var p))
            {
                lock (seen)
                {
                    seen.Add((p, Volatile.Read(ref resultReceived), clock.Elapsed));
                }
            }
            return ValueTask.CompletedTask;
        });

        // Three steps over three seconds: a host that buffered the stream would deliver them all with the result.
        var result = await client.CallToolAsync("trigger-long-running-operation",
            new Dictionary<string, object?> { ["duration"] = 3, ["steps"] = 3 }, new IgnoredProgress());
        var resultAt = clock.Elapsed;
        Volatile.Write(ref resultReceived, true);
        // The client dispatches a session's messages concurrently: a notification that arrived just before the result may be
        // handled just after it. The order on the wire is the next test's; here: every notification reaches the client's handler,
        await WaitForAsync(() => { lock (seen) { return seen.Count >= 3; } }, TimeSpan.FromSeconds(10));

        Assert.NotEmpty(result.Content);
        lock (seen)
        {
            var trace = string.Join(", ", seen.Select(s => $"{s.Progress}@{s.At.TotalMilliseconds:0}ms{(s.AfterResult ? " (after the result)" : "")}")) + $"; result@{resultAt.TotalMilliseconds:0}ms";
            Output.WriteLine(trace);
            Assert.True(seen.Select(s => s.Progress).Order().SequenceEqual([1d, 2d, 3d]), trace);
            // ...and the first was streamed as it happened, not held back until the end (a step is a second; half a second of margin).
            var first = seen.MinBy(s => s.Progress);
            Assert.True(!first.AfterResult && first.At < resultAt - TimeSpan.FromMilliseconds(500), trace);
        }
    }

    [ContractFact]
    public async Task A_tools_call_with_a_progress_token_answers_every_progress_notification_before_the_result_in_its_stream()
    {
        var template = await TemplateAsync();
        using var admin = Admin();
        var client = new RawMcpClient(admin, McpUrl(template));
        await client.InitializeAsync();
        var reply = await client.SendAsync("tools/call", new JsonObject
        {
            ["name"] = "trigger-long-running-operation",
            ["arguments"] = new JsonObject { ["duration"] = 1, ["steps"] = 3 },
            ["_meta"] = new JsonObject { ["progressToken"] = "contract-progress" },
        });
        var trace = string.Join("\n", reply.Messages.Select(m => m.ToJsonString()));
        Output.WriteLine($"{(int)reply.Status} {reply.ContentType}\n{trace}");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("text/event-stream", reply.ContentType);
        var kinds = reply.Messages.Select(m => (string?)m["method"] == NotificationMethods.ProgressNotification
            ? "progress " + (double?)m["params"]?["progress"]
            : m.ContainsKey("result") ? "result" : "other").ToList();
        Assert.Equal(["progress 1", "progress 2", "progress 3", "result"], kinds.Where(k => k != "other"));
        await client.DeleteAsync();
    }

    [ContractFact]
    public async Task The_typescript_sdk_client_lists_tools()
    {
        var template = await TemplateAsync();
        var result = await InspectorCli.RunAsync(McpUrl(template), Target.AdminKey, "--method", "tools/list");
        var names = result["tools"]!.AsArray().Select(t => (string?)t!["name"]).ToList();
        Assert.Contains("echo", names);
        Assert.Contains("get-sum", names);
    }

    [ContractFact]
    public async Task The_typescript_sdk_client_calls_a_tool()
    {
        var template = await TemplateAsync();
        var result = await InspectorCli.RunAsync(McpUrl(template), Target.AdminKey,
            "--method", "tools/call", "--tool-name", "get-sum", "--tool-arg", "a=19", "--tool-arg", "b=23");
        Assert.Contains("42", (string?)result["content"]![0]!["text"]);
    }

    [ContractFact]
    public async Task An_unknown_method_is_a_json_rpc_error_not_a_500()
    {
        var template = await TemplateAsync();
        using var admin = Admin();
        var client = new RawMcpClient(admin, McpUrl(template));
        await client.InitializeAsync();
        var reply = await client.SendAsync("no/such-method");
        Assert.True((int)reply.Status < 500, $"{reply.Status}: {string.Join("\n", reply.Messages)}");
        Assert.Equal(-32601, (int?)reply.Final["error"]!["code"]);
        await client.DeleteAsync();
    }

    [ContractFact]
    public async Task An_mcp_request_without_a_key_is_a_401_with_a_json_rpc_error()
    {
        var template = await TemplateAsync();
        using var anonymous = Anonymous();
        var reply = await InitializeAsync(new RawMcpClient(anonymous, McpUrl(template)));
        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
        Assert.Contains(reply.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        Assert.True(reply.Headers.Contains(ResponseTimeMiddleware.Header));
        Assert.NotNull((int?)reply.Final["error"]!["code"]);
    }

    [ContractFact]
    public async Task An_unknown_template_on_mcp_is_a_404_with_a_json_rpc_error()
    {
        using var admin = Admin();
        var reply = await InitializeAsync(new RawMcpClient(admin, McpUrl(NewName("nosuch"))));
        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        Assert.NotNull((int?)reply.Final["error"]!["code"]);
    }

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (!condition() && !cancel.IsCancellationRequested)
        {
            await Task.Delay(20, CancellationToken.None);
        }
    }

    private static Task<RawMcpClient.Reply> InitializeAsync(RawMcpClient client) => client.SendAsync("initialize", new JsonObject
    {
        ["protocolVersion"] = "2025-11-25",
        ["capabilities"] = new JsonObject(),
        ["clientInfo"] = new JsonObject { ["name"] = "contract", ["version"] = "1.0" },
    });

    private sealed class IgnoredProgress : IProgress<ProgressNotificationValue>
    {
        public void Report(ProgressNotificationValue value)
        {
        }
    }
}

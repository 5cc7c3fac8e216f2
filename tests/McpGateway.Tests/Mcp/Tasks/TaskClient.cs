using System.Text.Json.Nodes;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Mcp.Tasks;

/// <summary>Raw JSON-RPC for tasks (the C# SDK 2.4.0 has no task types): a 2025-11-25 session, or 2026-07-28 stateless requests.</summary>
public sealed class TaskClient
{
    private readonly RawMcpClient _raw;
    private int _nextId = 1000;

    private TaskClient(RawMcpClient raw, bool stateless, bool declaresExtension)
    {
        _raw = raw;
        Stateless = stateless;
        DeclaresExtension = declaresExtension;
    }

    public bool Stateless { get; }
    public bool DeclaresExtension { get; }
    public RawMcpClient Raw => _raw;

    public static async Task<TaskClient> SessionAsync(HttpClient http, string url, string version = "2025-11-25")
    {
        var raw = new RawMcpClient(http, url);
        await raw.InitializeAsync(version);
        return new TaskClient(raw, stateless: false, declaresExtension: false);
    }

    public static TaskClient Stateless2026(HttpClient http, string url, bool declaresExtension = true)
        => new(new RawMcpClient(http, url), stateless: true, declaresExtension);

    /// <summary>Sends a request; 2026 requests carry the per-request <c>_meta</c> and the Mcp-Method/Mcp-Name headers.</summary>
    public Task<RawMcpClient.Reply> SendAsync(string method, JsonObject? parameters = null, bool preferAsync = false, string? mcpName = null)
    {
        parameters ??= new JsonObject();
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = Interlocked.Increment(ref _nextId), ["method"] = method, ["params"] = parameters };
        var headers = new Dictionary<string, string>();
        if (preferAsync)
        {
            headers["Prefer"] = "respond-async";
        }
        if (!Stateless)
        {
            return _raw.PostAsync(message, headers);
        }
        var meta = parameters["_meta"] as JsonObject ?? new JsonObject();
        meta["io.modelcontextprotocol/protocolVersion"] = "2026-07-28";
        meta["io.modelcontextprotocol/clientCapabilities"] = DeclaresExtension
            ? new JsonObject { ["extensions"] = new JsonObject { ["io.modelcontextprotocol/tasks"] = new JsonObject() } }
            : new JsonObject();
        parameters["_meta"] = meta;
        headers["MCP-Protocol-Version"] = "2026-07-28";
        headers["Mcp-Method"] = method;
        var name = mcpName ?? (parameters["name"] ?? parameters["taskId"]) switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => null,
        };
        if (name is not null)
        {
            headers["Mcp-Name"] = name;
        }
        return _raw.PostAsync(message, headers);
    }

    public static JsonObject Call(string tool, JsonObject? arguments = null, JsonObject? task = null)
    {
        var parameters = new JsonObject { ["name"] = tool, ["arguments"] = arguments?.DeepClone() ?? new JsonObject() };
        if (task is not null)
        {
            parameters["task"] = task;
        }
        return parameters;
    }

    public static JsonObject Id(string taskId) => new() { ["taskId"] = taskId };

    /// <summary>Creates a task for <paramref name="tool"/> in this client's generation; returns the task object.</summary>
    public async Task<JsonObject> CreateAsync(string tool, JsonObject? arguments = null)
    {
        var reply = Stateless
            ? await SendAsync("tools/call", Call(tool, arguments), preferAsync: true)
            : await SendAsync("tools/call", Call(tool, arguments, new JsonObject { ["ttl"] = 60000 }));
        var result = reply.Final["result"] as JsonObject ?? throw new InvalidOperationException("No task: " + reply.Final.ToJsonString());
        return Stateless ? result : result["task"]!.AsObject();
    }

    public async Task<JsonObject> GetAsync(string taskId)
    {
        var reply = await SendAsync("tasks/get", Id(taskId));
        return reply.Final["result"] as JsonObject ?? throw new InvalidOperationException("tasks/get failed: " + reply.Final.ToJsonString());
    }

    /// <summary>Polls <c>tasks/get</c> (at the suggested interval) until the task is terminal.</summary>
    public async Task<JsonObject> PollUntilTerminalAsync(string taskId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var task = await GetAsync(taskId);
            if (task["status"]!.GetValue<string>() is "completed" or "failed" or "cancelled")
            {
                return task;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Task {taskId} still {task["status"]} after polling.");
            }
            var interval = (task["pollInterval"] ?? task["pollIntervalMs"])?.GetValue<int>() ?? 100;
            await Task.Delay(interval);
        }
    }
}

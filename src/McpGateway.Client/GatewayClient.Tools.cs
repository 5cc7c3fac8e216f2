using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGateway.Client;

public sealed partial class GatewayClient
{
    /// <summary>Lists every tool of a template (all pages), as the MCP SDK's <see cref="Tool"/>.</summary>
    /// <param name="template">The template, e.g. <c>filesystem</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="GatewayException">The gateway refused (e.g. 404 unknown template, 503 no healthy instance).</exception>
    /// <exception cref="GatewayUnavailableException">No gateway could be reached.</exception>
    public async Task<IReadOnlyList<Tool>> ListToolsAsync(string template, CancellationToken cancellationToken = default)
    {
        var body = await SendAsync<JsonObject>(HttpMethod.Get, $"mcp/{Escape(template)}/tools/list", null, idempotent: true, cancellationToken).ConfigureAwait(false);
        return body["tools"] is JsonArray tools
            ? tools.Select(t => t.Deserialize<Tool>(McpJsonUtilities.DefaultOptions)!).ToList()
            : [];
    }

    /// <summary>Calls a tool and waits for its result. A call that may have run is never sent twice.</summary>
    /// <param name="template">The template.</param>
    /// <param name="tool">The tool's name.</param>
    /// <param name="arguments">The tool's arguments (any object JSON-serializable by name, e.g. a dictionary or an anonymous object).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The MCP result; a tool that failed in its own terms has <see cref="CallToolResult.IsError"/> set.</returns>
    /// <exception cref="UpstreamException">The MCP server failed (see <see cref="UpstreamException.MayHaveExecuted"/>).</exception>
    /// <exception cref="GatewayException">The gateway refused the call.</exception>
    /// <exception cref="GatewayUnavailableException">No gateway could be reached.</exception>
    public Task<CallToolResult> CallToolAsync(string template, string tool, object? arguments = null, CancellationToken cancellationToken = default)
        => CallToolAsync(template, tool, ToObject(arguments), cancellationToken);

    /// <summary>Calls a tool with JSON arguments and waits for its result.</summary>
    /// <param name="template">The template.</param>
    /// <param name="tool">The tool's name.</param>
    /// <param name="arguments">The tool's arguments.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The MCP result.</returns>
    public async Task<CallToolResult> CallToolAsync(string template, string tool, JsonObject? arguments, CancellationToken cancellationToken = default)
    {
        var request = new JsonObject { ["name"] = tool, ["arguments"] = arguments?.DeepClone() ?? new JsonObject() };
        var body = await SendAsync<JsonObject>(HttpMethod.Post, $"mcp/{Escape(template)}/tools/call", request, idempotent: false, cancellationToken).ConfigureAwait(false);
        return body.Deserialize<CallToolResult>(McpJsonUtilities.DefaultOptions)!;
    }

    /// <summary>Starts a tool call as a durable job and returns at once; follow it with <see cref="WatchJobAsync"/> or <see cref="WaitForJobAsync"/>.</summary>
    /// <param name="template">The template.</param>
    /// <param name="tool">The tool's name.</param>
    /// <param name="arguments">The tool's arguments.</param>
    /// <param name="cancellationToken">Cancels the submission (not the job).</param>
    public async Task<JobSubmission> StartJobAsync(string template, string tool, object? arguments = null, CancellationToken cancellationToken = default)
    {
        var request = new JsonObject { ["name"] = tool, ["arguments"] = ToObject(arguments) ?? new JsonObject(), ["async"] = true };
        return await SendAsync<JobSubmission>(HttpMethod.Post, $"mcp/{Escape(template)}/tools/call", request, idempotent: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Fans calls out as separate jobs across the template's healthy instances.</summary>
    /// <param name="template">The template.</param>
    /// <param name="calls">The calls.</param>
    /// <param name="maxParallel">Most calls running at once; 0: no limit beyond the gateway's own.</param>
    /// <param name="cancellationToken">Cancels the submission (not the jobs).</param>
    public async Task<BatchSubmission> CallBatchAsync(string template, IEnumerable<ToolCall> calls, int maxParallel = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(calls);
        var request = new JsonObject
        {
            ["calls"] = new JsonArray(calls.Select(c => (JsonNode?)new JsonObject { ["name"] = c.Name, ["arguments"] = c.Arguments?.DeepClone() ?? new JsonObject() }).ToArray()),
            ["max_parallel"] = maxParallel,
        };
        return await SendAsync<BatchSubmission>(HttpMethod.Post, $"mcp/{Escape(template)}/tools/batch", request, idempotent: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A batch's aggregate status and every item.</summary>
    /// <param name="batchId">The batch's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<BatchStatus> GetBatchAsync(string batchId, CancellationToken cancellationToken = default)
        => SendAsync<BatchStatus>(HttpMethod.Get, $"gateway/batches/{Escape(batchId)}", null, idempotent: true, cancellationToken);

    /// <summary>Lists a template's resources (all pages).</summary>
    /// <param name="template">The template.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<IReadOnlyList<Resource>> ListResourcesAsync(string template, CancellationToken cancellationToken = default)
    {
        var body = await SendAsync<JsonObject>(HttpMethod.Get, $"mcp/{Escape(template)}/resources/list", null, idempotent: true, cancellationToken).ConfigureAwait(false);
        return body["resources"] is JsonArray items ? items.Select(t => t.Deserialize<Resource>(McpJsonUtilities.DefaultOptions)!).ToList() : [];
    }

    /// <summary>Reads a resource.</summary>
    /// <param name="template">The template.</param>
    /// <param name="uri">The resource's URI.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<ReadResourceResult> ReadResourceAsync(string template, string uri, CancellationToken cancellationToken = default)
    {
        var body = await SendAsync<JsonObject>(HttpMethod.Post, $"mcp/{Escape(template)}/resources/read", new JsonObject { ["uri"] = uri }, idempotent: true, cancellationToken).ConfigureAwait(false);
        return body.Deserialize<ReadResourceResult>(McpJsonUtilities.DefaultOptions)!;
    }

    /// <summary>Lists a template's prompts (all pages).</summary>
    /// <param name="template">The template.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<IReadOnlyList<Prompt>> ListPromptsAsync(string template, CancellationToken cancellationToken = default)
    {
        var body = await SendAsync<JsonObject>(HttpMethod.Get, $"mcp/{Escape(template)}/prompts/list", null, idempotent: true, cancellationToken).ConfigureAwait(false);
        return body["prompts"] is JsonArray items ? items.Select(t => t.Deserialize<Prompt>(McpJsonUtilities.DefaultOptions)!).ToList() : [];
    }

    /// <summary>Gets a prompt.</summary>
    /// <param name="template">The template.</param>
    /// <param name="name">The prompt's name.</param>
    /// <param name="arguments">Its arguments.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<GetPromptResult> GetPromptAsync(string template, string name, IReadOnlyDictionary<string, string>? arguments = null, CancellationToken cancellationToken = default)
    {
        var args = new JsonObject();
        foreach (var (key, value) in arguments ?? new Dictionary<string, string>())
        {
            args[key] = value;
        }
        var body = await SendAsync<JsonObject>(HttpMethod.Post, $"mcp/{Escape(template)}/prompts/get", new JsonObject { ["name"] = name, ["arguments"] = args }, idempotent: true, cancellationToken).ConfigureAwait(false);
        return body.Deserialize<GetPromptResult>(McpJsonUtilities.DefaultOptions)!;
    }

    private static JsonObject? ToObject(object? arguments) => arguments switch
    {
        null => null,
        JsonObject o => o,
        JsonElement { ValueKind: JsonValueKind.Object } e => JsonNode.Parse(e.GetRawText())!.AsObject(),
        _ => JsonSerializer.SerializeToNode(arguments, ClientJson.Options) as JsonObject
            ?? throw new ArgumentException("Tool arguments must serialize to a JSON object.", nameof(arguments)),
    };
}

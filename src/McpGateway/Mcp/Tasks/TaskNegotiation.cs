using System.Text.Json.Nodes;

namespace McpGateway.Mcp.Tasks;

/// <summary>
/// What each side says about tasks: the generation a request may use, the server capabilities advertised for it, and the
/// tool-level <c>execution.taskSupport</c> a 2025-11-25 client needs before it may ask for a task.
/// </summary>
internal static class TaskNegotiation
{
    public static TaskGeneration Of(McpCall call, JsonObject? parameters)
    {
        if (!call.IsStateless)
        {
            return call.ProtocolVersion == TaskProtocol.LegacyVersion ? TaskGeneration.Legacy : TaskGeneration.None;
        }
        return DeclaresExtension(parameters) ? TaskGeneration.Extension : TaskGeneration.None;
    }

    /// <summary>Whether a 2026-07-28 request's per-request client capabilities include the tasks extension.</summary>
    public static bool DeclaresExtension(JsonObject? parameters)
        => parameters?["_meta"] is JsonObject meta
           && meta[McpProtocol.MetaClientCapabilities] is JsonObject capabilities
           && capabilities["extensions"] is JsonObject extensions
           && extensions[TaskProtocol.ExtensionId] is JsonObject;

    /// <summary>
    /// Fits the capabilities to the client's version, whatever the upstreams declared (the gateway serves tasks itself):
    /// 2025-11-25 gets the core <c>tasks</c> capability for <c>tools/call</c> with list and cancel; 2026-07-28 gets the extension
    /// and never the legacy capability (SEP-2663); earlier versions get neither.
    /// </summary>
    public static void Shape(JsonObject capabilities, string protocolVersion)
    {
        capabilities.Remove("tasks");
        if (capabilities["extensions"] is JsonObject extensions)
        {
            extensions.Remove(TaskProtocol.ExtensionId);
            if (extensions.Count == 0)
            {
                capabilities.Remove("extensions");
            }
        }
        if (protocolVersion == TaskProtocol.LegacyVersion)
        {
            capabilities["tasks"] = new JsonObject
            {
                ["list"] = new JsonObject(),
                ["cancel"] = new JsonObject(),
                ["requests"] = new JsonObject { ["tools"] = new JsonObject { ["call"] = new JsonObject() } },
            };
        }
        else if (McpProtocol.IsStateless(protocolVersion))
        {
            if (capabilities["extensions"] is not JsonObject declared)
            {
                capabilities["extensions"] = declared = [];
            }
            declared[TaskProtocol.ExtensionId] = new JsonObject();
        }
    }

    /// <summary>
    /// 2025-11-25: a client must not ask for a task on a tool without <c>execution.taskSupport</c>, so every tool in a
    /// <c>tools/list</c> result says <c>optional</c> (any tool call can run as a job), except a tool its upstream declared
    /// <c>required</c>: that stays <c>required</c> (the gateway bridges it to an upstream task, and a call without a task is
    /// refused as the spec says, <see cref="McpTasks.CallToolAsync"/>).
    /// </summary>
    public static JsonNode? MarkTools(JsonNode? result, McpCall call)
    {
        if (Of(call, null) != TaskGeneration.Legacy || result?["tools"] is not JsonArray tools)
        {
            return result;
        }
        foreach (var tool in tools.OfType<JsonObject>())
        {
            if (tool["execution"] is not JsonObject execution)
            {
                tool["execution"] = execution = [];
            }
            if (!IsRequired(execution))
            {
                execution["taskSupport"] = "optional";
            }
        }
        return result;
    }

    private static bool IsRequired(JsonObject execution)
        => execution["taskSupport"] is JsonValue support && support.TryGetValue<string>(out var value) && value == "required";

    /// <summary>RFC 7240 <c>Prefer: respond-async</c>, the REST surface's way of asking for a job.</summary>
    public static bool PrefersAsync(HttpRequest request)
        => request.Headers["Prefer"].Any(v => v is not null && v.Contains("respond-async", StringComparison.OrdinalIgnoreCase));
}

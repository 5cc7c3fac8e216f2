using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpGateway.Mcp.Tasks;

/// <summary>Reads the parameters of task requests; anything malformed is <c>-32602</c> naming the member and what it must be.</summary>
internal static class TaskParams
{
    private const int MaxTaskIdLength = 256;

    public static string TaskId(JsonObject? parameters)
    {
        if (parameters?["taskId"] is not JsonValue value || !value.TryGetValue<string>(out var id) || id.Length == 0)
        {
            throw McpRequestException.InvalidParams("Invalid params: 'taskId' must be a non-empty string.");
        }
        if (id.Length > MaxTaskIdLength)
        {
            throw TaskErrors.NotFound(); // no task id is that long
        }
        return id;
    }

    /// <summary>The <c>tasks/list</c> cursor: absent or a string this server returned.</summary>
    public static string? Cursor(JsonObject? parameters) => parameters?["cursor"] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var cursor) => cursor,
        _ => throw McpRequestException.InvalidParams("Invalid params: 'cursor' must be a string returned as 'nextCursor'."),
    };

    /// <summary>
    /// 2025-11-25: whether a <c>tools/call</c> asks for a task (<c>params.task</c>, an object with an optional non-negative
    /// integer <c>ttl</c> in milliseconds).
    /// </summary>
    public static bool RequestsTask(JsonObject? parameters)
    {
        if (parameters is null || !parameters.TryGetPropertyValue(TaskProtocol.TaskParam, out var task))
        {
            return false;
        }
        if (task is not JsonObject fields)
        {
            throw McpRequestException.InvalidParams("Invalid params: 'task' must be an object, e.g. {\"ttl\": 60000}.");
        }
        if (fields["ttl"] is { } ttl && (ttl is not JsonValue number || number.GetValueKind() != JsonValueKind.Number
                                          || !number.TryGetValue<long>(out var ms) || ms < 0))
        {
            throw McpRequestException.InvalidParams("Invalid params: 'task.ttl' must be a non-negative integer number of milliseconds.");
        }
        return true;
    }

    /// <summary>The tool and its arguments of a <c>tools/call</c> that becomes a task.</summary>
    public static (string Name, JsonObject? Arguments) ToolCall(JsonObject? parameters)
    {
        if (parameters?["name"] is not JsonValue value || !value.TryGetValue<string>(out var name) || name.Length == 0)
        {
            throw McpRequestException.InvalidParams("Invalid params: 'name' must be the name of the tool to call.");
        }
        return parameters["arguments"] switch
        {
            null => (name, null),
            JsonObject arguments => (name, (JsonObject)arguments.DeepClone()),
            _ => throw McpRequestException.InvalidParams("Invalid params: 'arguments' must be an object."),
        };
    }

    /// <summary>2026-07-28 <c>tasks/update</c>: <c>inputResponses</c> must be an object.</summary>
    public static void RequireInputResponses(JsonObject? parameters)
    {
        if (parameters?["inputResponses"] is not JsonObject)
        {
            throw McpRequestException.InvalidParams("Invalid params: 'inputResponses' must be an object of responses keyed by inputRequests key.");
        }
    }
}

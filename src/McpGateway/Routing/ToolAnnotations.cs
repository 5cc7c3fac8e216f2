using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace McpGateway.Routing;

/// <summary>
/// What each template's tools declare about re-running them (<c>readOnlyHint</c>, <c>idempotentHint</c>) and about tasks
/// (<c>execution.taskSupport</c> <c>"required"</c>: the upstream runs the tool only as a task), learnt from every tools/list
/// answer that passes through. Unknown tools are treated as unsafe to retry and as not requiring a task.
/// </summary>
public sealed class ToolAnnotations
{
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, bool>> _retrySafe = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlySet<string>> _taskRequired = new(StringComparer.Ordinal);

    public bool IsKnown(string template) => _retrySafe.ContainsKey(template);

    public bool IsRetrySafe(string template, string tool)
        => _retrySafe.TryGetValue(template, out var tools) && tools.TryGetValue(tool, out var safe) && safe;

    /// <summary>Whether the template's upstream declared <paramref name="tool"/> <c>execution.taskSupport: "required"</c>.</summary>
    public bool RequiresTask(string template, string tool)
        => _taskRequired.TryGetValue(template, out var tools) && tools.Contains(tool);

    /// <summary>Learns from a tools/list result (<c>{"tools": [...]}</c>).</summary>
    public void Learn(string template, IEnumerable<JsonNode?> tools)
    {
        var map = new Dictionary<string, bool>(StringComparer.Ordinal);
        var taskRequired = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tool in tools)
        {
            if (tool?["name"]?.GetValue<string>() is not { } name)
            {
                continue;
            }
            var annotations = tool["annotations"];
            map[name] = IsTrue(annotations?["readOnlyHint"]) || IsTrue(annotations?["idempotentHint"]);
            if (tool["execution"]?["taskSupport"] is JsonValue support && support.TryGetValue<string>(out var value) && value == "required")
            {
                taskRequired.Add(name);
            }
        }
        _taskRequired[template] = taskRequired;
        _retrySafe[template] = map;
    }

    private static bool IsTrue(JsonNode? node) => node is JsonValue value && value.TryGetValue<bool>(out var b) && b;
}

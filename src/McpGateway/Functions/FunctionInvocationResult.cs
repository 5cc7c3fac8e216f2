using System.Text.Json.Nodes;

namespace McpGateway.Functions;

/// <summary>The custom-handler response: <c>{"Outputs": {...}, "Logs": [...], "ReturnValue": ...}</c>.</summary>
internal static class FunctionInvocationResult
{
    public static JsonObject Create(IEnumerable<string> logs, JsonNode? returnValue = null) => new()
    {
        ["Outputs"] = new JsonObject(),
        ["Logs"] = new JsonArray(logs.Select(l => (JsonNode?)l).ToArray()),
        ["ReturnValue"] = returnValue,
    };
}

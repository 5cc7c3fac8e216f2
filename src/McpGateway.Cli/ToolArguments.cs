using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;

namespace McpGateway.Cli;

/// <summary>
/// <c>--arg k=v</c> values: typed by the tool's input schema (numbers, booleans, objects and arrays are parsed as JSON,
/// everything else stays a string); <c>k:=json</c> is always JSON; <c>--args-json '{...}'</c> gives them all at once.
/// </summary>
internal static class ToolArguments
{
    public static bool NeedsSchema(IEnumerable<string> pairs) => pairs.Any(p => !p.Contains(":=", StringComparison.Ordinal));

    public static JsonObject Parse(IEnumerable<string> pairs, string? json, Tool? tool)
    {
        JsonObject arguments;
        try
        {
            arguments = json is null ? new JsonObject() : JsonNode.Parse(json) as JsonObject
                ?? throw new UsageException("--args-json must be a JSON object, e.g. '{\"path\": \"/tmp\"}'.");
        }
        catch (JsonException e)
        {
            throw new UsageException($"--args-json is not valid JSON: {e.Message}");
        }
        var properties = tool?.InputSchema.ValueKind == JsonValueKind.Object && tool.InputSchema.TryGetProperty("properties", out var p) ? p : default;
        foreach (var pair in pairs)
        {
            var raw = pair.IndexOf(":=", StringComparison.Ordinal);
            var eq = pair.IndexOf('=');
            if (eq <= 0)
            {
                throw new UsageException($"--arg '{pair}' is not k=v (or k:=json).");
            }
            if (raw > 0 && raw < eq)
            {
                arguments[pair[..raw]] = ParseJson(pair[..raw], pair[(raw + 2)..]);
                continue;
            }
            var name = pair[..eq];
            var value = pair[(eq + 1)..];
            arguments[name] = SchemaType(properties, name) is "string" or null ? JsonValue.Create(value) : ParseJson(name, value);
        }
        return arguments;
    }

    private static string? SchemaType(JsonElement properties, string name)
    {
        if (properties.ValueKind != JsonValueKind.Object || !properties.TryGetProperty(name, out var property) || property.ValueKind != JsonValueKind.Object
            || !property.TryGetProperty("type", out var type))
        {
            return null;
        }
        return type.ValueKind switch
        {
            JsonValueKind.String => type.GetString(),
            // ["number", "null"]: the first non-null type.
            JsonValueKind.Array => type.EnumerateArray().Select(t => t.GetString()).FirstOrDefault(t => t != "null"),
            _ => null,
        };
    }

    private static JsonNode? ParseJson(string name, string value)
    {
        try
        {
            return JsonNode.Parse(value);
        }
        catch (JsonException)
        {
            throw new UsageException($"--arg {name}: '{value}' is not valid JSON (numbers, true/false, objects and arrays are given as JSON).");
        }
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpGateway.Functions;

/// <summary>
/// The custom-handler invocation payload the Functions host POSTs for non-HTTP triggers: <c>{"Data": {...}, "Metadata": {...}}</c>.
/// String inputs arrive JSON-encoded a second time (a queue message <c>hi</c> is <c>"\"hi\""</c>); both forms are accepted.
/// </summary>
public sealed class FunctionInvocation(JsonObject data, JsonObject metadata)
{
    public JsonObject Data { get; } = data;
    public JsonObject Metadata { get; } = metadata;

    public static FunctionInvocation Parse(JsonNode? body)
    {
        if (body is not JsonObject root)
        {
            throw new FormatException("The invocation body is not a JSON object.");
        }
        var data = Member(root, "Data") as JsonObject ?? new JsonObject();
        var metadata = Member(root, "Metadata") as JsonObject ?? new JsonObject();
        return new FunctionInvocation(data, metadata);
    }

    /// <summary>A string binding value, undoing the host's second JSON encoding.</summary>
    public string? GetString(string binding)
    {
        var node = Member(Data, binding);
        if (node is null)
        {
            return null;
        }
        if (node is JsonValue value && value.TryGetValue<string>(out var text))
        {
            if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
            {
                try
                {
                    return JsonSerializer.Deserialize<string>(text);
                }
                catch (JsonException)
                {
                    return text;
                }
            }
            return text;
        }
        return node.ToJsonString(); // a POCO arrives as a JSON object
    }

    /// <summary>A metadata value as a number (the host sends numbers or strings).</summary>
    public int? GetMetadataInt(string key)
    {
        var node = Member(Metadata, key);
        return node switch
        {
            JsonValue v when v.TryGetValue<int>(out var i) => i,
            JsonValue v when v.TryGetValue<long>(out var l) => (int)l,
            JsonValue v when v.TryGetValue<string>(out var s) && int.TryParse(s.Trim('"'), NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) => p,
            _ => null,
        };
    }

    /// <summary>Case-insensitive member lookup: the host serialises .NET objects with their own casing.</summary>
    private static JsonNode? Member(JsonObject obj, string name)
    {
        if (obj.TryGetPropertyValue(name, out var exact))
        {
            return exact;
        }
        foreach (var (key, value) in obj)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }
        return null;
    }
}

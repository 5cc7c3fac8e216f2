using System.Text.Json;
using System.Text.Json.Serialization;

namespace McpGateway.Client;

/// <summary>JSON settings for the gateway's REST bodies (snake_case names are spelled out on the models).</summary>
internal static class ClientJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };
}

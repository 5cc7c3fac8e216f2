using System.Text.Json;

namespace McpGateway.Upstreams;

/// <summary>Reads the envelope of one JSON-RPC message without parsing the rest.</summary>
internal static class JsonRpcEnvelope
{
    /// <summary>The string id of a response or error (a message with <c>result</c> or <c>error</c> and no <c>method</c>), else null.</summary>
    public static string? ResponseId(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }
            string? id = null;
            var answer = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("method"u8))
                {
                    return null;
                }
                var isId = reader.ValueTextEquals("id"u8);
                answer |= reader.ValueTextEquals("result"u8) || reader.ValueTextEquals("error"u8);
                reader.Read();
                if (isId && reader.TokenType == JsonTokenType.String)
                {
                    id = reader.GetString();
                }
                reader.Skip();
            }
            return answer ? id : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

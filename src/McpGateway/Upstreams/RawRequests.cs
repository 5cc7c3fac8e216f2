using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Buffers;
using ModelContextProtocol;

namespace McpGateway.Upstreams;

/// <summary>
/// One request over an <see cref="IRawRequestTransport"/>: serialized once by the gateway (with the MCP client's own
/// per-request metadata when the protocol version needs it) and its answer read back; a JSON-RPC error becomes the same
/// <see cref="McpProtocolException"/> the MCP client would have thrown.
/// </summary>
internal static class RawRequests
{
    public static async Task<JsonNode?> SendAsync(IRawRequestTransport transport, string id, string method, JsonNode? parameters,
        JsonObject? clientMeta, CancellationToken cancellationToken)
    {
        byte[] answer;
        using (var line = Serialize(id, method, parameters, clientMeta))
        {
            answer = await transport.SendRawRequestAsync(id, line.WrittenMemory, cancellationToken).ConfigureAwait(false);
        }
        return ReadAnswer(answer);
    }

    /// <summary>
    /// The request line, newline included, in pooled memory the caller disposes once it is written.
    /// <paramref name="clientMeta"/> entries join the request's own <c>_meta</c>.
    /// </summary>
    internal static PooledBufferWriter Serialize(string id, string method, JsonNode? parameters, JsonObject? clientMeta)
    {
        var buffer = new PooledBufferWriter();
        try
        {
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("jsonrpc"u8, "2.0");
                writer.WriteString("id"u8, id);
                writer.WriteString("method"u8, method);
                if (clientMeta is null)
                {
                    if (parameters is not null)
                    {
                        writer.WritePropertyName("params"u8);
                        parameters.WriteTo(writer);
                    }
                }
                else
                {
                    writer.WritePropertyName("params"u8);
                    writer.WriteStartObject();
                    var own = parameters as JsonObject;
                    foreach (var (key, value) in own ?? [])
                    {
                        if (key != "_meta")
                        {
                            writer.WritePropertyName(key);
                            WriteValue(writer, value);
                        }
                    }
                    writer.WritePropertyName("_meta"u8);
                    writer.WriteStartObject();
                    if (own?["_meta"] is JsonObject ownMeta)
                    {
                        foreach (var (key, value) in ownMeta)
                        {
                            if (!clientMeta.ContainsKey(key))
                            {
                                writer.WritePropertyName(key);
                                WriteValue(writer, value);
                            }
                        }
                    }
                    foreach (var (key, value) in clientMeta)
                    {
                        writer.WritePropertyName(key);
                        WriteValue(writer, value);
                    }
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                }
                writer.WriteEndObject();
            }
            buffer.Write("\n"u8);
            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, JsonNode? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            value.WriteTo(writer);
        }
    }

    /// <summary>The <c>result</c> of an answer line, or the <see cref="McpProtocolException"/> of its <c>error</c>.</summary>
    internal static JsonNode? ReadAnswer(byte[] answer)
    {
        if (JsonNode.Parse(answer) is not JsonObject message)
        {
            throw new JsonException("The answer is not a JSON object.");
        }
        if (message["error"] is JsonObject error)
        {
            var code = error["code"] is JsonValue c && c.TryGetValue<int>(out var value) ? value : (int)McpErrorCode.InternalError;
            var text = error["message"] is JsonValue m && m.TryGetValue<string>(out var s) ? s : "The server returned an error without a message.";
            throw new McpProtocolException(text, (McpErrorCode)code);
        }
        var result = message["result"];
        message.Remove("result");
        return result;
    }
}

using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;

namespace McpGateway.Upstreams;

/// <summary>
/// A transport that also carries requests the gateway serialized itself and hands back the raw answer, matched by id,
/// without the MCP client's dispatch in between (the hot path of a pass-through call). Everything else on the
/// connection (initialization, notifications, server-to-client requests) still goes through the MCP client.
/// </summary>
internal interface IRawRequestTransport
{
    /// <summary>
    /// The per-request <c>_meta</c> entries (<c>io.modelcontextprotocol/*</c>) the MCP client itself put on its requests
    /// on this connection, or null until it has sent one; a protocol version with per-request metadata needs them.
    /// </summary>
    JsonObject? ClientRequestMeta { get; }

    /// <summary>
    /// Writes <paramref name="requestLine"/> (one JSON-RPC request with string id <paramref name="id"/>, newline included) and
    /// returns the answer line. The caller resumes on the transport's reading thread: it must not block before its next await.
    /// </summary>
    Task<byte[]> SendRawRequestAsync(string id, ReadOnlyMemory<byte> requestLine, CancellationToken cancellationToken);
}

/// <summary>Finds the <see cref="IRawRequestTransport"/> under the gateway's transport wrappers.</summary>
internal static class RawRequestTransports
{
    public static IRawRequestTransport? Find(ITransport transport)
    {
        for (var current = transport; current is not null;)
        {
            switch (current)
            {
                case IRawRequestTransport raw:
                    return raw;
                case IWrappingTransport wrapper:
                    current = wrapper.Inner;
                    break;
                default:
                    return null;
            }
        }
        return null;
    }
}

/// <summary>A transport that passes messages to another one (taps, process ownership).</summary>
internal interface IWrappingTransport
{
    ITransport Inner { get; }
}

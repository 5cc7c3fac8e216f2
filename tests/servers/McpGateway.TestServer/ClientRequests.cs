using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGateway.TestServer;

/// <summary>
/// Server-to-client requests (sampling, elicitation) from a tool. On a 2025-x session they are ordinary JSON-RPC
/// requests on the POST's SSE stream (or stdout). On 2026-07-28, served statelessly here, the SDK refuses them
/// ("not supported in stateless mode") and its implicit MRTR would park the handler in a server that is gone
/// by the retry, so the tool uses explicit MRTR: it answers with an input-required result, and the client
/// retries the call with <c>inputResponses</c>, which the tool then reads.
/// </summary>
public static class ClientRequests
{
    public static async ValueTask<CreateMessageResult> SampleAsync(RequestContext<CallToolRequestParams> context, CreateMessageRequestParams request, CancellationToken ct)
    {
        if (!context.Server.IsMrtrSupported)
        {
            return await context.Server.SampleAsync(request, ct);
        }

        return InputResponseFor(context, "sampling", InputRequest.ForSampling(request))?.Deserialize(InputResponse.CreateMessageResultJsonTypeInfo)
            ?? throw new InvalidOperationException("The client's sampling response could not be read.");
    }

    public static async ValueTask<ElicitResult> ElicitAsync(RequestContext<CallToolRequestParams> context, ElicitRequestParams request, CancellationToken ct)
    {
        if (!context.Server.IsMrtrSupported)
        {
            return await context.Server.ElicitAsync(request, ct);
        }

        return InputResponseFor(context, "elicitation", InputRequest.ForElicitation(request))?.Deserialize(InputResponse.ElicitResultJsonTypeInfo)
            ?? throw new InvalidOperationException("The client's elicitation response could not be read.");
    }

    private static InputResponse? InputResponseFor(RequestContext<CallToolRequestParams> context, string key, InputRequest request)
    {
        if (context.Params?.InputResponses is { } responses && responses.TryGetValue(key, out var response))
        {
            return response;
        }

        throw new InputRequiredException(new Dictionary<string, InputRequest> { [key] = request }, requestState: null);
    }
}

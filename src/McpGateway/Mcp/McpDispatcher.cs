using System.Text.Json.Nodes;
using McpGateway.Hosting;
using McpGateway.Mcp.Tasks;

namespace McpGateway.Mcp;

/// <summary>Answers one client request: the protocol's own methods here, everything else by the target.</summary>
internal sealed class McpDispatcher(McpSessions sessions, McpTasks tasks, ILogger<McpDispatcher> logger)
{
    public static readonly JsonObject GatewayInfo = new() { ["name"] = "mcp-gateway", ["version"] = Hosting.GatewayInfo.Version };

    /// <summary>Serves the request and finishes the call's stream with its response; never throws.</summary>
    public async Task ServeAsync(IMcpTarget target, McpMessage request, McpCall call)
    {
        JsonNode response;
        var status = 200;
        try
        {
            var result = await HandleAsync(target, request, call).ConfigureAwait(false);
            response = McpErrors.Response(request.Id, ResultShaper.Shape(result, request.Method!, call.ProtocolVersion, GatewayInfo));
        }
        catch (Exception e)
        {
            var error = McpErrors.From(e is OperationCanceledException && call.Cancellation.IsCancellationRequested
                ? new McpRequestException(200, -32800, "Request cancelled.") : e, logger);
            response = McpErrors.Error(request.Id, error.Code, error.Message, error.ErrorData);
            status = call.IsStateless ? StatelessRequestRules.StatusFor(error.Code, error.HttpStatus) : error.HttpStatus;
        }
        call.Stream.Finish(response, status);
    }

    private async Task<JsonNode?> HandleAsync(IMcpTarget target, McpMessage request, McpCall call)
    {
        switch (request.Method)
        {
            case "ping":
                return new JsonObject();
            case "server/discover":
                return await DiscoverAsync(target, call).ConfigureAwait(false);
            case "initialize":
                throw McpRequestException.InvalidRequest("Invalid request: the session is already initialized.");
            case "tools/call":
                return await tasks.CallToolAsync(target, request.Params, call).ConfigureAwait(false);
            case "tools/list":
                return TaskNegotiation.MarkTools(await target.HandleAsync(request.Method, request.Params, call).ConfigureAwait(false), call);
            case var method when TaskProtocol.IsTaskMethod(method):
                return await tasks.HandleAsync(target, method!, request.Params, call).ConfigureAwait(false);
            case "logging/setLevel" or "resources/subscribe":
                await sessions.MakeDedicatedAsync(call.Session!, call.Cancellation).ConfigureAwait(false);
                return await target.HandleAsync(request.Method, request.Params, call).ConfigureAwait(false);
            default:
                return await target.HandleAsync(request.Method!, request.Params, call).ConfigureAwait(false);
        }
    }

    /// <summary>The 2026-07-28 <c>server/discover</c> result.</summary>
    private static async Task<JsonNode> DiscoverAsync(IMcpTarget target, McpCall call)
    {
        var description = await target.DescribeAsync(call).ConfigureAwait(false);
        var capabilities = (JsonObject)description.Capabilities.DeepClone();
        capabilities.Remove("logging");
        TaskNegotiation.Shape(capabilities, McpProtocol.Stateless);
        var result = new JsonObject
        {
            ["supportedVersions"] = new JsonArray(McpProtocol.Stateless),
            ["capabilities"] = capabilities,
            ["ttlMs"] = 0,
            ["cacheScope"] = "private",
            ["_meta"] = new JsonObject { [McpProtocol.MetaServerInfo] = description.ServerInfo.DeepClone() },
        };
        if (description.Instructions is { Length: > 0 } instructions)
        {
            result["instructions"] = instructions;
        }
        return result;
    }

    /// <summary>The 2025 <c>initialize</c> result for the negotiated version; the capabilities include logging, which the front door relays.</summary>
    public static JsonObject InitializeResult(ServerDescription description, string protocolVersion)
    {
        var capabilities = (JsonObject)description.Capabilities.DeepClone();
        capabilities.TryAdd("logging", new JsonObject());
        TaskNegotiation.Shape(capabilities, protocolVersion);
        var result = new JsonObject
        {
            ["protocolVersion"] = protocolVersion,
            ["capabilities"] = capabilities,
            ["serverInfo"] = description.ServerInfo.DeepClone(),
        };
        if (description.Instructions is { Length: > 0 } instructions)
        {
            result["instructions"] = instructions;
        }
        return result;
    }
}

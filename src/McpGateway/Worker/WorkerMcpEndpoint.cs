using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Hosting;
using McpGateway.Upstreams;
using Microsoft.Extensions.Options;
using ModelContextProtocol;

namespace McpGateway.Worker;

/// <summary>
/// The worker's minimal MCP Streamable HTTP endpoint, <c>POST /mcp/{template}</c>, stateless: each JSON-RPC request goes to the
/// template's process pool and is answered as <c>application/json</c>; notifications and responses get 202; GET and DELETE 405
/// (no server-initiated stream, no session). <c>initialize</c> is answered from a warm process's own initialize result.
/// Kept in <c>Worker/</c> so the full MCP front door can replace it.
/// </summary>
internal static class WorkerMcpEndpoint
{
    private static readonly string[] KnownVersions = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"];

    public static IEndpointRouteBuilder MapWorkerMcp(this IEndpointRouteBuilder app)
    {
        // Gateways cannot send credentials to HTTP instances yet (the registry has no per-instance headers), so the worker's MCP
        // endpoints are open: expose a worker on an internal network only (Container Apps internal ingress). See docs/workers.md.
        app.MapPost("/mcp/{template}", HandlePostAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapMethods("/mcp/{template}", ["GET", "DELETE"], (HttpContext context) =>
        {
            context.Response.Headers.Allow = "POST";
            return Results.StatusCode(StatusCodes.Status405MethodNotAllowed);
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static async Task HandlePostAsync(string template, HttpContext context, WorkerTemplates templates, IOptions<GatewayOptions> options)
    {
        var ct = context.RequestAborted;
        JsonNode? message;
        try
        {
            message = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: ct);
        }
        catch (JsonException)
        {
            await WriteAsync(context, 400, Error(null, -32700, "Parse error: the body is not JSON."));
            return;
        }
        if (message is not JsonObject request)
        {
            await WriteAsync(context, 400, Error(null, -32600, "Invalid request: send one JSON-RPC message per POST (batches are not supported)."));
            return;
        }
        var id = request["id"]?.DeepClone();
        if (id is null || request["method"]?.GetValue<string>() is not { } method)
        {
            context.Response.StatusCode = StatusCodes.Status202Accepted; // a notification or a response: nothing to answer
            return;
        }
        if (templates.Find(template) is not { } pool)
        {
            await WriteAsync(context, 404, Error(id, -32601, $"This worker does not host a template named '{template}'."));
            return;
        }
        try
        {
            JsonNode? result;
            if (method == "initialize")
            {
                var client = await pool.GetClientAsync(ct);
                var requested = request["params"]?["protocolVersion"]?.GetValue<string>();
                result = new JsonObject
                {
                    ["protocolVersion"] = requested is not null && KnownVersions.Contains(requested) ? requested : client.NegotiatedProtocolVersion,
                    ["capabilities"] = JsonSerializer.SerializeToNode(client.ServerCapabilities, McpJsonUtilities.DefaultOptions),
                    ["serverInfo"] = JsonSerializer.SerializeToNode(client.ServerInfo, McpJsonUtilities.DefaultOptions),
                };
                if (client.ServerInstructions is { } instructions)
                {
                    result["instructions"] = instructions;
                }
            }
            else
            {
                result = await pool.SendAsync(method, request["params"], TimeSpan.FromSeconds(options.Value.RequestTimeoutSeconds), ct);
            }
            await WriteAsync(context, 200, new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["result"] = result ?? new JsonObject() });
        }
        catch (UpstreamException e) when (e.Kind == UpstreamFailureKind.ProtocolError)
        {
            await WriteAsync(context, 200, Error(id, e.McpErrorCode ?? -32603, e.Message));
        }
        catch (UpstreamException e)
        {
            // Not a JSON-RPC answer from the server: the status tells the gateway in front how far the call got.
            var error = Error(id, -32603, e.Message);
            error["error"]!["data"] = new JsonObject { ["may_have_executed"] = e.MayHaveExecuted };
            await WriteAsync(context, e.Status, error);
        }
    }

    private static JsonObject Error(JsonNode? id, int code, string message)
        => new() { ["jsonrpc"] = "2.0", ["id"] = id, ["error"] = new JsonObject { ["code"] = code, ["message"] = message } };

    private static async Task WriteAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }
}

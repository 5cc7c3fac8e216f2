using System.Net;

namespace McpGateway.Api;

/// <summary>An error meant for the caller. The one exception handler turns it into problem+json (REST) or a JSON-RPC error (MCP).</summary>
public class GatewayException(int status, string title, string detail, string type) : Exception(detail)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
    public string Type { get; } = type;
    /// <summary>Extra members of the problem document (e.g. the upstream's MCP error code).</summary>
    public Dictionary<string, object?> Extensions { get; } = [];

    public static GatewayException BadRequest(string title, string detail)
        => new((int)HttpStatusCode.BadRequest, title, detail, "https://mcpgateway.dev/errors/bad-request");

    public static GatewayException NotFound(string title, string detail)
        => new((int)HttpStatusCode.NotFound, title, detail, "https://mcpgateway.dev/errors/not-found");

    public static GatewayException Conflict(string title, string detail)
        => new((int)HttpStatusCode.Conflict, title, detail, "https://mcpgateway.dev/errors/conflict");

    public static GatewayException NoHealthyInstance(string template, string detail)
        => new((int)HttpStatusCode.ServiceUnavailable, "No healthy instance", detail, "https://mcpgateway.dev/errors/no-healthy-instance")
        {
            // Nothing was sent anywhere: the caller may retry without fear of running the call twice.
            Extensions = { ["template"] = template, ["may_have_executed"] = false },
        };
}

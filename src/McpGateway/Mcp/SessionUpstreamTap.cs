using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Upstreams;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGateway.Mcp;

/// <summary>
/// The tap on an upstream session dedicated to one client session: progress goes to its request, log messages to the
/// current request's stream, resource updates to the GET stream, and server-to-client requests to the client.
/// </summary>
internal sealed class SessionUpstreamTap(McpSession session, ProgressRelay progress, Func<JsonObject, JsonObject> rewriteNotification) : IUpstreamMessageTap
{
    public bool OnMessage(JsonRpcMessage message, ITransport upstream)
    {
        if (progress.OnMessage(message, upstream))
        {
            return true;
        }
        switch (message)
        {
            case JsonRpcRequest { Method: RequestMethods.Ping } ping:
                _ = upstream.SendMessageAsync(new JsonRpcResponse { Id = ping.Id, Result = new JsonObject() });
                return true;
            case JsonRpcRequest request:
                session.ForwardServerRequest(request, upstream);
                return true;
            case JsonRpcNotification { Method: NotificationMethods.CancelledNotification } cancelled
                when Cancelled(cancelled) is { } parameters && session.CancelServerRequest(parameters.RequestId, upstream, parameters.Reason):
                return true;
            case JsonRpcNotification { Method: NotificationMethods.LoggingMessageNotification } log:
                session.CurrentStream?.Send(ToJson(log));
                return true;
            case JsonRpcNotification { Method: NotificationMethods.ResourceUpdatedNotification or NotificationMethods.ResourceListChangedNotification
                or NotificationMethods.ToolListChangedNotification or NotificationMethods.PromptListChangedNotification } notification:
                session.NotificationStream?.Send(rewriteNotification(ToJson(notification)));
                return true;
            default:
                return false;
        }
    }

    private static CancelledNotificationParams? Cancelled(JsonRpcNotification notification)
    {
        try
        {
            return notification.Params?.Deserialize<CancelledNotificationParams>(McpJsonUtilities.DefaultOptions);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonObject ToJson(JsonRpcNotification notification) => new()
    {
        ["jsonrpc"] = "2.0",
        ["method"] = notification.Method,
        ["params"] = notification.Params?.DeepClone(),
    };
}

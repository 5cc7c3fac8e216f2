using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Api;
using McpGateway.Hosting;
using McpGateway.Registry;
using McpGateway.Routing;
using McpGateway.Security;
using McpGateway.Upstreams;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGateway.Mcp;

/// <summary>
/// Sends one client request to a template's upstream: through <see cref="CallRouter"/> on the shared upstream sessions
/// (strategy, health, safe failover), or, for a session that needs its own upstream session (server-to-client requests,
/// logging, subscriptions), on that session. Progress tokens are mapped on the way; the protocol's per-request
/// <c>_meta</c> of the client side is dropped, since the upstream side negotiates its own version.
/// </summary>
internal sealed class UpstreamForwarder(
    CallRouter router,
    UpstreamAuthorization authorization,
    UpstreamConnections connections,
    GatewayRegistry registry,
    ProgressRelay progress,
    IOptions<GatewayOptions> options)
{
    /// <summary>Methods that go to the session's own upstream session when it has one.</summary>
    private static readonly HashSet<string> SessionMethods = new(StringComparer.Ordinal)
    {
        RequestMethods.ToolsCall, RequestMethods.LoggingSetLevel, RequestMethods.ResourcesSubscribe, RequestMethods.ResourcesUnsubscribe,
    };

    public async Task<JsonNode?> SendAsync(string template, string method, JsonObject? parameters, McpCall call,
        Func<JsonObject, JsonObject>? rewriteNotification = null)
    {
        var outgoing = Prepare(parameters);
        var token = progress.Attach(outgoing, call.Stream);
        try
        {
            if (call.Session is { Record.Dedicated: true } session && SessionMethods.Contains(method))
            {
                // The session's own upstream bypasses the router, not its authorization.
                authorization.Demand(call.Caller, template, method, outgoing);
                var connection = await session.GetDedicatedAsync(template,
                    () => ConnectDedicatedAsync(template, session, rewriteNotification ?? (n => n))).ConfigureAwait(false);
                var settings = registry.Get(template).Settings;
                var timeout = TimeSpan.FromSeconds(settings.Timeout ?? options.Value.RequestTimeoutSeconds);
                return await connection.SendAsync(method, outgoing, timeout, call.Cancellation).ConfigureAwait(false);
            }
            var routed = await router.SendAsync(call.Caller, template, method, outgoing, call.Cancellation).ConfigureAwait(false);
            return routed.Result;
        }
        finally
        {
            progress.Release(token);
        }
    }

    /// <summary>Sends a client notification to the session's own upstream session of the template, if it has one.</summary>
    public async Task NotifyAsync(string template, string method, JsonObject? parameters, McpCall call)
    {
        if (call.Session is not { Record.Dedicated: true } session)
        {
            return;
        }
        authorization.DemandTemplate(call.Caller, template);
        var connection = await session.GetDedicatedAsync(template,
            () => ConnectDedicatedAsync(template, session, n => n)).ConfigureAwait(false);
        connection.Touch();
        var client = await connection.Connection.GetClientAsync(call.Cancellation).ConfigureAwait(false);
        await client.SendMessageAsync(new JsonRpcNotification { Method = method, Params = Prepare(parameters) }, call.Cancellation).ConfigureAwait(false);
    }

    private async Task<DedicatedUpstream> ConnectDedicatedAsync(string template, McpSession session, Func<JsonObject, JsonObject> rewrite)
    {
        var instance = router.PickInstance(template)
            ?? throw GatewayException.NoHealthyInstance(template, $"Template '{template}' has no healthy instance.");
        var capabilities = session.Record.ClientCapabilities?.Deserialize<ClientCapabilities>(McpJsonUtilities.DefaultOptions);
        return await connections.CreateDedicatedAsync(instance.Definition, McpProtocol.LatestSession, capabilities,
            new SessionUpstreamTap(session, progress, rewrite), session.Record.Owner, session.Ended).ConfigureAwait(false);
    }

    /// <summary>
    /// The parameters without the client side's protocol metadata (<c>io.modelcontextprotocol/*</c>): a copy when they have
    /// <c>_meta</c> (which is edited here and by <see cref="ProgressRelay.Attach"/>), else the caller's own, which nothing
    /// downstream changes.
    /// </summary>
    private static JsonObject? Prepare(JsonObject? parameters)
    {
        if (parameters is null || !parameters.ContainsKey("_meta"))
        {
            return parameters;
        }
        var copy = (JsonObject)parameters.DeepClone();
        if (copy["_meta"] is JsonObject meta)
        {
            foreach (var key in meta.Select(p => p.Key).Where(k => k.StartsWith(McpProtocol.MetaPrefix, StringComparison.Ordinal)).ToList())
            {
                meta.Remove(key);
            }
            if (meta.Count == 0)
            {
                copy.Remove("_meta");
            }
        }
        return copy;
    }
}

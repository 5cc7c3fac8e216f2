using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpGateway.Client;

public sealed partial class GatewayClient
{
    /// <summary>Registers one instance (admin). Registering is not repeated on another gateway once sent.</summary>
    /// <param name="registration">The instance: an HTTP endpoint or a stdio command.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The gateway's answer: <c>{"registered": true, "template", "instance": {...}}</c>.</returns>
    /// <exception cref="GatewayException">400 invalid, 403 not allowed, 409 conflicting registration.</exception>
    public async Task<JsonObject> RegisterAsync(InstanceRegistration registration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var body = JsonSerializer.SerializeToNode(registration, ClientJson.Options);
        return await SendAsync<JsonObject>(HttpMethod.Post, "gateway/register", body, idempotent: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes an instance (admin); the gateway closes its connection or stops its process.</summary>
    /// <param name="template">The template.</param>
    /// <param name="instanceId">The instance's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task DeregisterAsync(string template, string instanceId, CancellationToken cancellationToken = default)
    {
        using var _ = await SendAsync(HttpMethod.Delete, $"gateway/deregister/{Escape(template)}/{Escape(instanceId)}", null, idempotent: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The registry (admin): every template with its settings, instances and health, in the registry-file shape.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<JsonObject> GetRegistryAsync(CancellationToken cancellationToken = default)
        => SendAsync<JsonObject>(HttpMethod.Get, "gateway/registry", null, idempotent: true, cancellationToken);

    /// <summary>
    /// The gateway's health (<c>status</c>, <c>version</c>, <c>uptime_seconds</c>, instance counts), or with a template its
    /// instances' health (<c>template_name</c>, <c>healthy_instances</c>, <c>instances</c>...).
    /// </summary>
    /// <param name="template">A template, or null for the whole gateway.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<JsonObject> GetHealthAsync(string? template = null, CancellationToken cancellationToken = default)
        => SendAsync<JsonObject>(HttpMethod.Get, template is null ? "gateway/health" : $"mcp/{Escape(template)}/health", null, idempotent: true, cancellationToken);

    /// <summary>Request, latency, load and health-checker statistics.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<JsonObject> GetStatsAsync(CancellationToken cancellationToken = default)
        => SendAsync<JsonObject>(HttpMethod.Get, "gateway/stats", null, idempotent: true, cancellationToken);
}

using System.Collections.Concurrent;
using System.Collections.Frozen;
using McpGateway.Hosting;
using McpGateway.Pool;
using McpGateway.Registry;
using ToolAnnotations = McpGateway.Routing.ToolAnnotations;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.Upstreams;

/// <summary>
/// Owns one upstream per registered instance (an <see cref="UpstreamConnection"/>, or a <see cref="StdioProcessPool"/> for stdio
/// instances when pools are registered); disposes them when instances leave and at shutdown.
/// </summary>
public sealed class UpstreamConnections : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, IUpstream> _connections = new(StringComparer.Ordinal);
    private readonly FrozenDictionary<string, IUpstreamTransportFactory> _factories;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _time;
    private readonly IOptions<GatewayOptions> _options;
    private readonly IUpstreamMessageTap? _sharedTap;
    private readonly StdioProcessPools? _pools;
    private readonly ToolAnnotations? _annotations;
    private int _disposed;

    public UpstreamConnections(IEnumerable<IUpstreamTransportFactory> factories, ILoggerFactory loggerFactory, TimeProvider time, IOptions<GatewayOptions> options,
        IUpstreamMessageTap? sharedTap = null, StdioProcessPools? pools = null, ToolAnnotations? annotations = null)
    {
        _annotations = annotations;
        _sharedTap = sharedTap;
        _pools = pools;
        _factories = factories.ToFrozenDictionary(f => f.Transport, StringComparer.OrdinalIgnoreCase);
        _loggerFactory = loggerFactory;
        _time = time;
        _options = options;
    }

    public bool Supports(string transport) => _factories.ContainsKey(transport);

    public IUpstream Get(InstanceDefinition instance)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_connections.TryGetValue(instance.Key, out var existing))
        {
            return existing;
        }
        IUpstream created = instance.Transport == InstanceTransports.Stdio && _pools is not null ? _pools.Create(instance, _sharedTap) : Create(instance);
        var winner = _connections.GetOrAdd(instance.Key, created);
        if (!ReferenceEquals(winner, created))
        {
            _ = created.DisposeAsync().AsTask();
        }
        return winner;
    }

    /// <summary>Connections that are currently open or restarting, for stats.</summary>
    public IReadOnlyCollection<IUpstream> All => _connections.Values.ToList();

    /// <summary>Closes the connection of an instance that left the registry.</summary>
    public async Task RemoveAsync(string instanceKey)
    {
        if (_connections.TryRemove(instanceKey, out var connection))
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Closes connections whose instance is no longer in <paramref name="liveKeys"/>.</summary>
    public async Task RetainAsync(IReadOnlySet<string> liveKeys)
    {
        foreach (var key in _connections.Keys)
        {
            if (!liveKeys.Contains(key))
            {
                await RemoveAsync(key).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// A connection of its own (not shared, not owned by this class) for one downstream session whose upstream may send
    /// requests back (sampling, elicitation, roots): pinned to <paramref name="protocolVersion"/>, declaring
    /// <paramref name="capabilities"/>, with every incoming message shown to <paramref name="tap"/> first. A stdio process
    /// is counted for <paramref name="owner"/> (the principal, capped per principal) and reaped when idle.
    /// </summary>
    public async Task<DedicatedUpstream> CreateDedicatedAsync(InstanceDefinition instance, string protocolVersion, ClientCapabilities? capabilities,
        IUpstreamMessageTap tap, string? owner, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (instance.Transport == InstanceTransports.Stdio && _pools is not null)
        {
            // A process of its own, within MAX_TOTAL_WORKERS and the owner's MaxDedicatedPerPrincipal, reaped after the pool's
            // DedicatedIdleSeconds without calls (however long the client's session lives; its next call starts a new one).
            return DedicatedUpstream.Of(await _pools.LeaseDedicatedAsync(instance,
                new DedicatedSessionOptions(protocolVersion, capabilities, tap, Owner: owner), cancellationToken).ConfigureAwait(false));
        }
        var connection = Create(instance with { ProtocolVersion = protocolVersion }, capabilities, tap);
        try
        {
            await connection.GetClientAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return DedicatedUpstream.Of(connection);
    }

    private UpstreamConnection Create(InstanceDefinition instance) => Create(instance, null, _sharedTap);

    private UpstreamConnection Create(InstanceDefinition instance, ClientCapabilities? capabilities, IUpstreamMessageTap? tap)
    {
        if (!_factories.TryGetValue(instance.Transport, out var factory))
        {
            throw new InvalidOperationException($"No upstream transport named '{instance.Transport}'.");
        }
        var options = _options.Value;
        var clientOptions = new McpClientOptions
        {
            ClientInfo = new Implementation { Name = "mcp-gateway", Version = GatewayInfo.Version },
            ProtocolVersion = instance.ProtocolVersion,
            InitializationTimeout = TimeSpan.FromSeconds(options.RequestTimeoutSeconds),
            Capabilities = capabilities,
        };
        var connectTimeout = TimeSpan.FromSeconds(Math.Max(options.HealthTimeoutSeconds, 5) * 3);
        // What tools/list answers taught the router about the template's tools decides whether a call rejected with a lost session
        // is repeated on the new one.
        var annotations = _annotations;
        Func<string, bool>? isToolRetrySafe = annotations is null ? null : tool => annotations.IsRetrySafe(instance.Template, tool);
        return new UpstreamConnection(instance, factory, clientOptions, connectTimeout, _loggerFactory, _time, tap, isToolRetrySafe: isToolRetrySafe);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await Task.WhenAll(_connections.Values.Select(c => c.DisposeAsync().AsTask())).ConfigureAwait(false);
        _connections.Clear();
    }
}

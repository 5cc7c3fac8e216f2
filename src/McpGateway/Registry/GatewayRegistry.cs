using System.Collections.Frozen;
using System.Text.Json;
using McpGateway.Api;
using McpGateway.Storage;
using McpGateway.Upstreams;

namespace McpGateway.Registry;

/// <summary>
/// The registry as the gateway uses it: an in-memory snapshot that routing reads without touching storage,
/// written through to the <see cref="IRegistryStore"/> and refreshed when the store's version changes.
/// </summary>
public sealed class GatewayRegistry(IRegistryStore store, UpstreamConnections connections, ILogger<GatewayRegistry> logger)
{
    private readonly SemaphoreSlim _reloadGate = new(1, 1);
    private volatile FrozenDictionary<string, TemplateState> _templates = FrozenDictionary<string, TemplateState>.Empty;
    private string? _version;

    public IRegistryStore Store => store;

    public IReadOnlyCollection<TemplateState> Templates => _templates.Values;

    public TemplateState? Find(string template) => _templates.GetValueOrDefault(template);

    public TemplateState Get(string template)
        => Find(template) ?? throw GatewayException.NotFound("Unknown template", $"No template named '{template}' is registered.");

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await ReloadAsync(force: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds an instance; 409 if the id is taken in that template.</summary>
    public async Task<InstanceDefinition> RegisterAsync(InstanceDefinition instance, LoadBalancerSettings? settings, CancellationToken cancellationToken)
    {
        InstanceValidator.Validate(instance, connections);
        if (settings is not null)
        {
            InstanceValidator.Validate(settings);
        }
        if (Find(instance.Template)?.Find(instance.Id) is not null)
        {
            throw Conflict(instance);
        }
        try
        {
            await store.AddInstanceAsync(instance, cancellationToken).ConfigureAwait(false);
        }
        catch (RegistryConflictException)
        {
            throw Conflict(instance);
        }
        if (settings is not null)
        {
            await store.UpsertTemplateAsync(instance.Template, settings, cancellationToken).ConfigureAwait(false);
        }
        logger.LogInformation("Registered instance {Instance} ({Transport}).", instance.Key, instance.Transport);
        await ReloadAsync(force: true, cancellationToken).ConfigureAwait(false);
        return instance;
    }

    public async Task DeregisterAsync(string template, string instanceId, CancellationToken cancellationToken)
    {
        if (!await store.RemoveInstanceAsync(template, instanceId, cancellationToken).ConfigureAwait(false))
        {
            throw GatewayException.NotFound("Unknown instance", $"Template '{template}' has no instance '{instanceId}'.");
        }
        logger.LogInformation("Deregistered instance {Template}/{Instance}.", template, instanceId);
        await ReloadAsync(force: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reloads when another process (or this one) changed the store since the last load.</summary>
    public Task RefreshAsync(CancellationToken cancellationToken) => ReloadAsync(force: false, cancellationToken);

    private async Task ReloadAsync(bool force, CancellationToken cancellationToken)
    {
        await _reloadGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var version = await store.GetVersionAsync(cancellationToken).ConfigureAwait(false);
            if (!force && version == _version)
            {
                return;
            }
            var records = await store.LoadAsync(cancellationToken).ConfigureAwait(false);
            var current = _templates;
            var next = new Dictionary<string, TemplateState>(StringComparer.Ordinal);
            var liveKeys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var record in records)
            {
                var previous = current.GetValueOrDefault(record.Name);
                var instances = record.Instances.Select(r => Reuse(previous, r)).ToList();
                next[record.Name] = new TemplateState(record.Name, record.LoadBalancer, instances);
                foreach (var instance in instances)
                {
                    liveKeys.Add(instance.Definition.Key);
                }
            }
            _templates = next.ToFrozenDictionary(StringComparer.Ordinal);
            _version = version;
            await connections.RetainAsync(liveKeys).ConfigureAwait(false);
        }
        finally
        {
            _reloadGate.Release();
        }
    }

    /// <summary>
    /// Keeps the live state (counters, newer health) of an instance across reloads unless how it is reached changed;
    /// a change of metadata alone (a worker's heartbeat) is taken into the kept state.
    /// </summary>
    private static InstanceState Reuse(TemplateState? previous, InstanceRecord record)
    {
        var existing = previous?.Find(record.Definition.Id);
        if (existing is null)
        {
            return new InstanceState(record.Definition, record.Health);
        }
        if (Fingerprint(existing.Definition) != Fingerprint(record.Definition))
        {
            if (Fingerprint(existing.Definition with { Metadata = null }) != Fingerprint(record.Definition with { Metadata = null }))
            {
                return new InstanceState(record.Definition, record.Health);
            }
            existing.ReplaceMetadata(record.Definition);
        }
        if ((record.Health.LastCheck ?? default) > (existing.Health.LastCheck ?? default))
        {
            existing.ExchangeHealth(_ => record.Health);
        }
        return existing;
    }

    private static string Fingerprint(InstanceDefinition definition)
        => JsonSerializer.Serialize(definition, StoreJson.Default.InstanceDefinition);

    private static GatewayException Conflict(InstanceDefinition instance)
        => GatewayException.Conflict("Instance already registered",
            $"Template '{instance.Template}' already has an instance '{instance.Id}'. Deregister it first or choose another id.");
}

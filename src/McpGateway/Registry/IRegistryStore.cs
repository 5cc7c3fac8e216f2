namespace McpGateway.Registry;

/// <summary>
/// Durable registry of templates and instances. Implementations: SQLite (standalone) and Azure Table Storage.
/// Every implementation passes the same contract test suite.
/// </summary>
public interface IRegistryStore
{
    /// <summary>Creates tables or containers if missing.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Every template with its instances.</summary>
    Task<IReadOnlyList<TemplateRecord>> LoadAsync(CancellationToken cancellationToken = default);

    /// <summary>Creates the template or replaces its load-balancer settings.</summary>
    Task UpsertTemplateAsync(string name, LoadBalancerSettings settings, CancellationToken cancellationToken = default);

    /// <summary>Adds an instance (creating its template with default settings if needed).</summary>
    /// <exception cref="RegistryConflictException">An instance with that id already exists in the template.</exception>
    Task AddInstanceAsync(InstanceDefinition instance, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds the instance, or replaces the definition of the one with its id while keeping its recorded health and its
    /// place in registration order, in one write: a reader sees the old definition or the new one, never no instance
    /// (a worker's heartbeat).
    /// </summary>
    Task PutInstanceAsync(InstanceDefinition instance, CancellationToken cancellationToken = default);

    /// <summary>Removes an instance; false when it did not exist.</summary>
    Task<bool> RemoveInstanceAsync(string template, string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Records health; does nothing when the instance no longer exists (never resurrects a removed instance).</summary>
    Task UpdateHealthAsync(string template, string instanceId, InstanceHealth health, CancellationToken cancellationToken = default);

    /// <summary>A value that changes whenever templates or instances are added, changed or removed (not on health updates).</summary>
    Task<string> GetVersionAsync(CancellationToken cancellationToken = default);
}

public sealed class RegistryConflictException(string message) : Exception(message);

using System.Collections.Frozen;

namespace McpGateway.LoadBalancing;

/// <summary>The registered strategies, looked up by name.</summary>
public sealed class LoadBalancingPolicies
{
    private readonly FrozenDictionary<string, ILoadBalancingPolicy> _byName;

    public LoadBalancingPolicies(IEnumerable<ILoadBalancingPolicy> policies)
        => _byName = policies.ToFrozenDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The names of the built-in strategies.</summary>
    public static IReadOnlyList<string> BuiltInNames { get; } =
    [
        LoadBalancingStrategies.RoundRobin, LoadBalancingStrategies.LeastConnections, LoadBalancingStrategies.Weighted,
        LoadBalancingStrategies.HealthBased, LoadBalancingStrategies.Random,
    ];

    public IEnumerable<string> Names => _byName.Keys.Order(StringComparer.Ordinal);

    public bool Contains(string? name) => name is not null && _byName.ContainsKey(name);

    public ILoadBalancingPolicy Get(string name)
        => _byName.TryGetValue(name, out var policy)
            ? policy
            : throw new KeyNotFoundException($"Unknown load-balancing strategy '{name}'.");

    /// <summary>The built-in strategies; <paramref name="random"/> is injected so tests are repeatable.</summary>
    public static LoadBalancingPolicies CreateDefault(Random? random = null) => new(
    [
        new RoundRobinPolicy(),
        new LeastConnectionsPolicy(),
        new WeightedRoundRobinPolicy(),
        new HealthBasedPolicy(),
        new RandomPolicy(random ?? Random.Shared),
    ]);
}

using McpGateway.Registry;

namespace McpGateway.LoadBalancing;

/// <summary>Picks one instance among the routable candidates of a template.</summary>
public interface ILoadBalancingPolicy
{
    /// <summary>The name used in configuration, e.g. <c>round_robin</c>.</summary>
    string Name { get; }

    /// <summary>Returns one of <paramref name="candidates"/> (never empty), or null to refuse.</summary>
    InstanceState? Pick(TemplateState template, IReadOnlyList<InstanceState> candidates);
}

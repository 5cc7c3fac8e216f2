using McpGateway.Registry;

namespace McpGateway.LoadBalancing;

/// <summary>The instance with the fewest calls in flight; ties rotate so equal instances share the load.</summary>
internal sealed class LeastConnectionsPolicy : ILoadBalancingPolicy
{
    public string Name => LoadBalancingStrategies.LeastConnections;

    public InstanceState? Pick(TemplateState template, IReadOnlyList<InstanceState> candidates)
    {
        var offset = (int)(template.NextSequence() % candidates.Count);
        InstanceState? best = null;
        for (var i = 0; i < candidates.Count; i++)
        {
            var candidate = candidates[(i + offset) % candidates.Count];
            if (best is null || candidate.ActiveRequests < best.ActiveRequests)
            {
                best = candidate;
            }
        }
        return best;
    }
}

using McpGateway.Registry;

namespace McpGateway.LoadBalancing;

/// <summary>Weighted round robin: over any window of sum(weights) picks, each instance gets exactly its weight.</summary>
internal sealed class WeightedRoundRobinPolicy : ILoadBalancingPolicy
{
    public string Name => LoadBalancingStrategies.Weighted;

    public InstanceState? Pick(TemplateState template, IReadOnlyList<InstanceState> candidates)
    {
        long total = 0;
        foreach (var candidate in candidates)
        {
            total += Math.Max(1, candidate.Definition.Weight);
        }
        var slot = template.NextSequence() % total;
        foreach (var candidate in candidates)
        {
            slot -= Math.Max(1, candidate.Definition.Weight);
            if (slot < 0)
            {
                return candidate;
            }
        }
        return candidates[^1];
    }
}

using McpGateway.Registry;

namespace McpGateway.LoadBalancing;

/// <summary>Prefers the highest health score; instances within 5 points of the best share the load in rotation.</summary>
internal sealed class HealthBasedPolicy : ILoadBalancingPolicy
{
    private const double Band = 5;

    public string Name => LoadBalancingStrategies.HealthBased;

    public InstanceState? Pick(TemplateState template, IReadOnlyList<InstanceState> candidates)
    {
        var best = double.MinValue;
        foreach (var candidate in candidates)
        {
            best = Math.Max(best, candidate.Health.HealthScore);
        }
        Span<int> top = candidates.Count <= 64 ? stackalloc int[candidates.Count] : new int[candidates.Count];
        var count = 0;
        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates[i].Health.HealthScore >= best - Band)
            {
                top[count++] = i;
            }
        }
        return candidates[top[(int)(template.NextSequence() % count)]];
    }
}

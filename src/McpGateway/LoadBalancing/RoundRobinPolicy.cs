using McpGateway.Registry;

namespace McpGateway.LoadBalancing;

internal sealed class RoundRobinPolicy : ILoadBalancingPolicy
{
    public string Name => LoadBalancingStrategies.RoundRobin;

    public InstanceState? Pick(TemplateState template, IReadOnlyList<InstanceState> candidates)
        => candidates[(int)(template.NextSequence() % candidates.Count)];
}

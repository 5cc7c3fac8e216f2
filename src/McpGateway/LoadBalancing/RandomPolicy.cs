using McpGateway.Registry;

namespace McpGateway.LoadBalancing;

internal sealed class RandomPolicy(Random random) : ILoadBalancingPolicy
{
    public string Name => LoadBalancingStrategies.Random;

    public InstanceState? Pick(TemplateState template, IReadOnlyList<InstanceState> candidates)
        => candidates[random.Next(candidates.Count)];
}

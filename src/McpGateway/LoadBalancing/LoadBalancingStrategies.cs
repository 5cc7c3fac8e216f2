namespace McpGateway.LoadBalancing;

/// <summary>The built-in strategy names.</summary>
public static class LoadBalancingStrategies
{
    public const string RoundRobin = "round_robin";
    public const string LeastConnections = "least_connections";
    public const string Weighted = "weighted";
    public const string HealthBased = "health_based";
    public const string Random = "random";
}
